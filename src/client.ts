// The SftClient (owned by the core SDK).
export {};
