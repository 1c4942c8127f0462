// Public API of src/schema: each module here adds its exports.
export {};
