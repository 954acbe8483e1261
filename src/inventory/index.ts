// Public exports of inventory/ (owned by the inventory layer).
export {};
