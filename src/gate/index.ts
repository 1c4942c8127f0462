// Public API of src/gate: each module here adds its exports.
export {};
