package io.llmgateway.gateway.provider;

import java.net.URI;
import java.util.Locale;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.FeatureLibraries;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.embeddings.BedrockEmbeddings;
import io.llmgateway.translate.embeddings.CohereEmbeddings;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.GeminiEmbeddings;
import io.llmgateway.translate.embeddings.OllamaEmbeddings;
import io.llmgateway.translate.embeddings.OpenAiEmbeddings;
import io.llmgateway.translate.embeddings.VertexEmbeddings;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/**
 * Where and how each provider embeds: the codec, the URL and the credentials of one embeddings call. Reuses the chat
 * adapters' URL and auth rules (Azure deployments and api-version, Vertex tokens, Bedrock SigV4, preset bases) so a
 * {@code llm.models} entry serves {@code /v1/embeddings} with no extra settings.
 */
public final class EmbeddingsTargets {

	private final BedrockProviderAdapter bedrock;

	private final GoogleAccessTokens googleTokens;

	/**
	 * @param bedrock the Bedrock adapter (its SigV4 signing), or null without the AWS libraries
	 * @param googleTokens Vertex access tokens, or null without Google's auth library
	 */
	public EmbeddingsTargets(BedrockProviderAdapter bedrock, GoogleAccessTokens googleTokens) {
		this.bedrock = bedrock;
		this.googleTokens = googleTokens;
	}

	/** The codec for this deployment's provider; 400 when the provider serves no embeddings. */
	public EmbeddingsCodec codec(Deployment deployment) {
		String provider = deployment.provider();
		return switch (provider) {
			case "gemini" -> new GeminiEmbeddings();
			case "vertex" -> new VertexEmbeddings(deployment.model());
			case "bedrock" -> new BedrockEmbeddings(deployment.model());
			case "ollama" -> new OllamaEmbeddings();
			case "cohere" -> new CohereEmbeddings();
			default -> {
				if (isOpenAiFamily(provider)) {
					yield new OpenAiEmbeddings(provider);
				}
				throw new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, "unsupported_model",
						"The model '" + deployment.group() + "' is served by provider '" + provider
								+ "', which has no embeddings API.")
					.withParam("model"));
			}
		};
	}

	static boolean isOpenAiFamily(String provider) {
		return provider.equals("openai") || provider.equals("openai-compatible") || provider.equals("azure")
				|| OpenAiCompatiblePreset.BY_ID.containsKey(provider);
	}

	/** One provider call embedding {@code request.inputs()} (already split to the codec's batch size). */
	public Mono<UpstreamCall> prepare(Deployment deployment, EmbeddingsCodec codec, EmbeddingsRequest request) {
		byte[] body;
		try {
			body = codec.encodeRequest(request, deployment.model());
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
		String provider = deployment.provider();
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		String key = deployment.config().apiKey();
		switch (provider) {
			case "bedrock" -> {
				URI uri = ProviderUrls.uri(BedrockProviderAdapter.baseUrl(deployment),
						"/model/" + ProviderUrls.segment(deployment.model()) + "/invoke");
				return FeatureLibraries.require(bedrock, "bedrock")
					.authorize(deployment, "POST", uri, headers, body)
					.map(h -> call(uri, h, body));
			}
			case "vertex" -> {
				URI uri = ProviderUrls.uri(VertexUrls.baseUrl(deployment),
						VertexUrls.modelPath(deployment, "google", deployment.model()) + ":predict");
				return vertexHeaders(deployment, headers).map(h -> call(uri, h, body));
			}
			case "gemini" -> {
				String base = ProviderUrls.base(deployment, "https://generativelanguage.googleapis.com");
				String model = deployment.model().startsWith("models/") ? deployment.model()
						: "models/" + deployment.model();
				headers.set("x-goog-api-key", key);
				return Mono.just(call(ProviderUrls.uri(base, "/v1beta/" + model + ":batchEmbedContents"), headers,
						body));
			}
			case "ollama" -> {
				return Mono.just(call(ProviderUrls.uri(OllamaProviderAdapter.baseUrl(deployment), "/api/embed"),
						OllamaProviderAdapter.headers(deployment), body));
			}
			case "cohere" -> {
				return Mono.just(call(ProviderUrls.uri(CohereProviderAdapter.baseUrl(deployment), "/v2/embed"),
						CohereProviderAdapter.headers(deployment), body));
			}
			case "azure" -> {
				return Mono.just(call(AzureProviderAdapter.operationUri(deployment, deployment.model(), "embeddings"),
						AzureProviderAdapter.headers(deployment), body));
			}
			default -> {
				String fallback = provider.equals("openai") ? "https://api.openai.com/v1"
						: OpenAiCompatiblePreset.BY_ID.containsKey(provider)
								? OpenAiCompatiblePreset.BY_ID.get(provider).defaultApiBase().toString()
								: "http://localhost:8000/v1";
				if (key != null && !key.isBlank()) {
					headers.setBearerAuth(key);
				}
				deployment.config().headers().forEach(headers::set);
				return Mono.just(call(ProviderUrls.uri(ProviderUrls.base(deployment, fallback), "/embeddings"), headers,
						body));
			}
		}
	}

	private Mono<HttpHeaders> vertexHeaders(Deployment deployment, HttpHeaders headers) {
		String key = deployment.config().apiKey();
		if (key != null && !key.isBlank()) {
			headers.set("x-goog-api-key", key);
			return Mono.just(headers);
		}
		return FeatureLibraries.require(googleTokens, "vertex").token(deployment.config().vertexCredentials()).map(token -> {
			headers.setBearerAuth(token);
			deployment.config().headers().forEach(headers::set);
			return headers;
		});
	}

	private static UpstreamCall call(URI uri, HttpHeaders headers, byte[] body) {
		// embeddings answers are decoded by an EmbeddingsCodec, not a chat codec
		return new UpstreamCall(HttpMethod.POST, uri, headers, body, null, false);
	}

	/** Bedrock reports InvokeModel input tokens in a header; other providers in the body. */
	static Long headerTokens(Deployment deployment, HttpHeaders headers) {
		if (!deployment.provider().toLowerCase(Locale.ROOT).equals("bedrock")) {
			return null;
		}
		String v = headers.getFirst(BedrockEmbeddings.INPUT_TOKEN_HEADER);
		try {
			return v == null ? null : Long.parseLong(v.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}
}
