module.exports = { ...require("../jest.preset.js")(__dirname), testTimeout: 300_000 };
