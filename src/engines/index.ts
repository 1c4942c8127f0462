// Public API of src/engines: each module here adds its exports.
export {};
