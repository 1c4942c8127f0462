// Public API of src/checks: each module here adds its exports.
export {};
