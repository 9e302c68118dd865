package io.llmgateway.gateway.provider;

import io.llmgateway.translate.embeddings.VertexEmbeddings;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import java.net.URI;

import io.llmgateway.gateway.core.CountTokensCall;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.anthropic.AnthropicUpstreamCodec;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.gemini.GeminiUpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.mapping.Json;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code provider: vertex}: Google Vertex AI with two publishers. Gemini models use the Gemini codec at
 * {@code publishers/google/models/{m}:generateContent} / {@code :streamGenerateContent?alt=sse}; Claude models
 * ({@code claude-*}) use the Anthropic Messages codec at {@code publishers/anthropic/models/{m}:rawPredict} /
 * {@code :streamRawPredict}, with the model in the URL and {@code anthropic_version: vertex-2023-10-16} in the body.
 * An Anthropic client's {@code anthropic-beta} flags are sent as the same header (as Anthropic's Vertex SDK clients
 * do). Authentication is an OAuth bearer token from the service-account file {@code vertex-credentials} or
 * application-default credentials (cached, refreshed ahead of expiry off the event loop).
 */
public final class VertexProviderAdapter implements ProviderAdapter {

	public static final String ID = "vertex";

	static final String ANTHROPIC_VERSION = "vertex-2023-10-16";

	private final UpstreamCodec gemini = new GeminiUpstreamCodec();

	private final AnthropicUpstreamCodec anthropic = new AnthropicUpstreamCodec();

	private final GoogleAccessTokens tokens;

	public VertexProviderAdapter(GoogleAccessTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean requiresApiKey() {
		return false;
	}

	@Override
	public void validate(LlmProperties.Model model, String key) {
		if (model.vertexProject() == null || model.vertexProject().isBlank()) {
			throw new IllegalStateException(key + ".vertex-project is required for provider 'vertex'");
		}
	}

	@Override
	public Mono<UpstreamCall> prepareChat(Deployment deployment, ChatRequest request, EncodeOptions options) {
		String model = options.upstreamModel() != null ? options.upstreamModel() : deployment.model();
		boolean claude = isClaude(model);
		String bareModel = model.contains("/") ? model.substring(model.indexOf('/') + 1) : model;
		byte[] body;
		try {
			body = claude ? claudeBody(request, options) : gemini.encodeRequest(request, options);
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
		boolean stream = request.stream();
		String method = claude ? (stream ? ":streamRawPredict" : ":rawPredict")
				: (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
		URI uri = ProviderUrls.uri(baseUrl(deployment), modelPath(deployment, claude ? "anthropic" : "google",
				bareModel) + method);
		UpstreamCodec codec = claude ? anthropic : gemini;
		return authorize(deployment).map(headers -> {
			if (stream) {
				headers.set(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE);
			}
			betas(headers, request, claude);
			return new UpstreamCall(HttpMethod.POST, uri, headers, body, codec, stream);
		});
	}

	/**
	 * Vertex's count-tokens APIs: Claude at {@code publishers/anthropic/models/count-tokens:rawPredict} (the model in
	 * the body, answer {@code input_tokens}), Gemini at {@code publishers/google/models/{m}:countTokens} (answer
	 * {@code totalTokens}).
	 */
	@Override
	public Mono<CountTokensCall> prepareCountTokens(Deployment deployment, ChatRequest request,
			EncodeOptions options) {
		String model = options.upstreamModel() != null ? options.upstreamModel() : deployment.model();
		boolean claude = isClaude(model);
		String bareModel = model.contains("/") ? model.substring(model.indexOf('/') + 1) : model;
		byte[] body;
		URI uri;
		try {
			if (claude) {
				ObjectNode count = (ObjectNode) Json.MAPPER
					.readTree(anthropic.encodeCountTokens(request, options));
				count.put("model", bareModel);
				body = Json.write(count);
				uri = ProviderUrls.uri(baseUrl(deployment),
						modelPath(deployment, "anthropic", "count-tokens") + ":rawPredict");
			}
			else {
				ObjectNode count = (ObjectNode) Json.MAPPER.readTree(gemini.encodeRequest(request, options));
				count.remove("generationConfig");
				count.remove("safetySettings");
				body = Json.write(count);
				uri = ProviderUrls.uri(baseUrl(deployment), modelPath(deployment, "google", bareModel) + ":countTokens");
			}
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
		UpstreamCodec codec = claude ? anthropic : gemini;
		return authorize(deployment).map(headers -> {
			betas(headers, request, claude);
			return new CountTokensCall(new UpstreamCall(HttpMethod.POST, uri, headers, body, codec, false),
					claude ? "input_tokens" : "totalTokens");
		});
	}

	/** An Anthropic client's {@code anthropic-beta} flags reach Claude on Vertex as the same header. */
	private static void betas(HttpHeaders headers, ChatRequest request, boolean claude) {
		String beta = claude ? AnthropicProviderAdapter.clientBetas(request) : null;
		if (beta != null) {
			headers.set("anthropic-beta", beta);
		}
	}

	/** JSON headers with the bearer token (or an express-mode API key when {@code api-key} is set). */
	Mono<HttpHeaders> authorize(Deployment deployment) {
		String apiKey = deployment.config().apiKey();
		Mono<HttpHeaders> auth;
		if (apiKey != null && !apiKey.isBlank()) {
			HttpHeaders h = new HttpHeaders();
			h.set("x-goog-api-key", apiKey);
			auth = Mono.just(h);
		}
		else {
			auth = tokens.token(deployment.config().vertexCredentials()).map(token -> {
				HttpHeaders h = new HttpHeaders();
				h.setBearerAuth(token);
				return h;
			});
		}
		return auth.map(h -> {
			h.setContentType(MediaType.APPLICATION_JSON);
			deployment.config().headers().forEach(h::set);
			return h;
		});
	}

	/** The Anthropic Messages body as Vertex wants it: no {@code model}, {@code anthropic_version} added. */
	private byte[] claudeBody(ChatRequest request, EncodeOptions options) {
		ObjectNode body = (ObjectNode) Json.MAPPER.readTree(anthropic.encodeRequest(request, options));
		body.remove("model");
		body.put("anthropic_version", ANTHROPIC_VERSION);
		return Json.write(body);
	}

	/** Google's text-embedding models ({@code :predict}); the batch size depends on the model. */
	@Override
	public EmbeddingsCodec embeddingsCodec(Deployment deployment) {
		return new VertexEmbeddings(deployment.model());
	}

	@Override
	public Mono<UpstreamCall> prepareEmbeddings(Deployment deployment, EmbeddingsCodec codec,
			EmbeddingsRequest request) {
		URI uri = ProviderUrls.uri(baseUrl(deployment), modelPath(deployment, "google", deployment.model())
				+ ":predict");
		return authorize(deployment).flatMap(headers -> {
			headers.set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
			return EmbeddingsCalls.post(uri, headers, deployment, codec, request);
		});
	}

	static boolean isClaude(String model) {
		return model.startsWith("claude") || model.startsWith("anthropic/");
	}

	static String baseUrl(Deployment deployment) {
		return VertexUrls.baseUrl(deployment);
	}

	static String modelPath(Deployment deployment, String publisher, String model) {
		return VertexUrls.modelPath(deployment, publisher, model);
	}
}
