// Public exports of store/ (owned by the store layer).
export {};
