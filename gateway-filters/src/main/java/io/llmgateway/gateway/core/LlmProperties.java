package io.llmgateway.gateway.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code llm.*} core settings: the model list (LiteLLM's {@code model_list}) and request-parsing limits.
 * Capability settings live in their own records ({@code llm.router}, {@code llm.cache}, {@code llm.rate-limit},
 * {@code llm.spend}, {@code llm.keys}, {@code llm.observe}).
 *
 * @param models the deployments; several entries with one {@code name} form a group
 * @param dropParams drop parameters a provider cannot honour instead of answering 400 (LiteLLM's
 * {@code drop_params})
 * @param maxBodySize the largest request body accepted; larger bodies get 413
 * @param defaultMaxTokens the output limit sent to providers that require one when the client gave none
 * @param bodyTimeout time allowed for the whole request body to arrive once the request reached an LLM route;
 * slower clients get 408 and the connection is closed (default 30 s)
 * @param streamBuffer most bytes of a streamed answer held for a client that reads slower than the provider
 * writes; beyond it the client's connection is closed and the upstream call cancelled (default 1 MB)
 * @param streamStallTimeout longest a streamed answer may wait for a client that takes none of it while the
 * provider keeps sending; then the same as {@code streamBuffer} (default 30 s)
 */
@ConfigurationProperties(LlmProperties.PREFIX)
public record LlmProperties(List<Model> models, boolean dropParams, DataSize maxBodySize, Integer defaultMaxTokens,
		Duration bodyTimeout, DataSize streamBuffer, Duration streamStallTimeout) {

	public static final String PREFIX = "llm";

	public LlmProperties {
		models = models == null ? List.of() : List.copyOf(models);
		maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(10) : maxBodySize;
		defaultMaxTokens = defaultMaxTokens == null ? 4096 : defaultMaxTokens;
		bodyTimeout = bodyTimeout == null ? Duration.ofSeconds(30) : bodyTimeout;
		streamBuffer = streamBuffer == null ? DataSize.ofMegabytes(1) : streamBuffer;
		streamStallTimeout = streamStallTimeout == null ? Duration.ofSeconds(30) : streamStallTimeout;
	}

	/**
	 * One deployment: a provider model reachable with one set of credentials.
	 *
	 * @param name the alias clients send
	 * @param provider openai, azure, anthropic, gemini, vertex, bedrock, ollama, cohere, openai-compatible, or a
	 * named OpenAI-compatible preset (groq, deepseek, mistral, together, openrouter, xai, fireworks, volcengine, vllm,
	 * lmstudio)
	 * @param model the provider's model id
	 * @param apiBase the base URL as the provider's own SDK takes it (OpenAI family ends in {@code /v1})
	 * @param apiKey the provider credential, usually {@code ${ENV_VAR}}; never logged
	 * @param id a stable deployment id (defaults to {@code name#index})
	 * @param weight relative share for weighted strategies (default 1)
	 * @param rpm requests per minute this deployment allows
	 * @param tpm tokens per minute this deployment allows
	 * @param maxParallel concurrent requests this deployment allows
	 * @param timeout time allowed until the provider's first byte
	 * @param streamTimeout longest silence allowed between two stream chunks
	 * @param connectTimeout TCP connect timeout
	 * @param order priority: lower values are tried first
	 * @param maxInputTokens the context window, for pre-call context-window checks
	 * @param apiVersion Azure {@code api-version}
	 * @param awsRegion Bedrock region
	 * @param awsAccessKeyId Bedrock access key (otherwise the AWS default chain)
	 * @param awsSecretAccessKey Bedrock secret key
	 * @param vertexProject Vertex AI project
	 * @param vertexLocation Vertex AI location
	 * @param vertexCredentials path of a service-account JSON file (otherwise application-default credentials)
	 * @param headers extra headers sent to the provider
	 * @param pricing per-million-token prices in USD overriding the built-in table
	 */
	public record Model(String name, String provider, String model, String apiBase, String apiKey, String id,
			Integer weight, Long rpm, Long tpm, Integer maxParallel, Duration timeout, Duration streamTimeout,
			Duration connectTimeout, Integer order, Long maxInputTokens, String apiVersion, String awsRegion,
			String awsAccessKeyId, String awsSecretAccessKey, String vertexProject, String vertexLocation,
			String vertexCredentials, Map<String, String> headers, Pricing pricing) {

		public Model {
			headers = headers == null ? Map.of() : Map.copyOf(headers);
		}

		/** Secrets stay out of logs and actuator output. */
		@Override
		public String toString() {
			return "Model[name=" + name + ", provider=" + provider + ", model=" + model + ", apiBase=" + apiBase + "]";
		}
	}

	/** Prices in USD per million tokens. */
	public record Pricing(BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal cacheReadPerMillion,
			BigDecimal cacheWritePerMillion, BigDecimal reasoningPerMillion) {
	}
}
