package io.llmgateway.translate;

/**
 * The wire protocols the gateway speaks, on the client side and on the provider side.
 */
public enum Protocol {
	/** OpenAI Chat Completions ({@code /v1/chat/completions}) and every OpenAI-compatible server. */
	OPENAI,
	/** OpenAI Responses ({@code /v1/responses}): native to OpenAI and Azure, translated for every other provider. */
	OPENAI_RESPONSES,
	/** OpenAI embeddings ({@code /v1/embeddings}). */
	OPENAI_EMBEDDINGS,
	/** Anthropic Messages ({@code /v1/messages}). */
	ANTHROPIC,
	/** Google Gemini {@code generateContent} / {@code streamGenerateContent?alt=sse}. */
	GEMINI,
	/** AWS Bedrock Converse / ConverseStream. */
	BEDROCK_CONVERSE,
	/** Ollama native {@code /api/chat} (NDJSON streaming). */
	OLLAMA,
	/** Cohere v2 chat. */
	COHERE
}
