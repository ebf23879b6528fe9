// Tool contracts per EMM service: the service declares its tools from them
// (`defineTool(contract, { handler, … })`), callers call them
// (`client.call(contract, args)`), so both sides share one schema.
export { jdAreaSchema, jdCategorySchema, jdClassifier, jdItemSchema, jdMatchSchema } from './jd-classifier';
