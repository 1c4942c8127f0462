// Public API of src/notebook: each module here adds its exports.
export {};
