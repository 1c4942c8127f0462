// Public API of src/plots: each module here adds its exports.
export {};
