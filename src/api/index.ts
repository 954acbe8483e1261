// Public exports of api/ (owned by the api layer).
export {};
