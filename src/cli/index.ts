// The sft-endpoints CLI.
export {};
