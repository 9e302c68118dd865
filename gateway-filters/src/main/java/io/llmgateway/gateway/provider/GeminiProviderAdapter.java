package io.llmgateway.gateway.provider;

import io.llmgateway.translate.embeddings.GeminiEmbeddings;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import java.net.URI;
import java.util.Map;

import io.llmgateway.gateway.core.CountTokensCall;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.gemini.GeminiUpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.mapping.Json;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code provider: gemini}: the Gemini API at {@code <api-base>/v1beta/models/<model>:generateContent}, or
 * {@code :streamGenerateContent?alt=sse} for streams ({@code api-base} is the host root), with {@code x-goog-api-key}
 * (never the {@code ?key=} query parameter, which would leak into access logs).
 */
public class GeminiProviderAdapter implements ProviderAdapter {

	public static final String ID = "gemini";

	public static final URI DEFAULT_API_BASE = URI.create("https://generativelanguage.googleapis.com");

	private static final GeminiUpstreamCodec CODEC = new GeminiUpstreamCodec();

	private static final GeminiEmbeddings EMBEDDINGS = new GeminiEmbeddings();

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean requiresApiKey() {
		return true;
	}

	/**
	 * Gemini's {@code models/{m}:countTokens} with the whole {@code generateContentRequest} (system instruction and
	 * tools count too); the answer's {@code totalTokens} is the count.
	 */
	@Override
	public Mono<CountTokensCall> prepareCountTokens(Deployment deployment, ChatRequest request,
			EncodeOptions options) {
		return prepareChat(deployment, request, options).map(chat -> {
			String model = chat.uri().getPath();
			model = model.substring(model.lastIndexOf('/') + 1, model.lastIndexOf(':'));
			ObjectNode wrapper = Json.MAPPER.createObjectNode();
			ObjectNode inner = (ObjectNode) Json.MAPPER.readTree(chat.body());
			inner.put("model", "models/" + model);
			wrapper.set("generateContentRequest", inner);
			String uri = chat.uri().toString();
			URI count = URI.create(uri.substring(0, uri.lastIndexOf(':')) + ":countTokens");
			HttpHeaders headers = new HttpHeaders();
			headers.addAll(chat.headers());
			headers.set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
			return new CountTokensCall(new UpstreamCall(HttpMethod.POST, count, headers, Json.write(wrapper),
					CODEC, false), "totalTokens");
		});
	}

	@Override
	public Mono<UpstreamCall> prepareChat(Deployment deployment, ChatRequest request, EncodeOptions options) {
		return Mono.fromSupplier(() -> {
			byte[] body = CODEC.encodeRequest(request, options);
			String model = options.upstreamModel() != null ? options.upstreamModel() : deployment.model();
			if (model.startsWith("models/")) {
				model = model.substring("models/".length());
			}
			String path = "/v1beta/models/" + ProviderUrls.segment(model)
					+ (request.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent");
			HttpHeaders headers = new HttpHeaders();
			headers.setContentType(MediaType.APPLICATION_JSON);
			headers.set(HttpHeaders.ACCEPT,
					request.stream() ? MediaType.TEXT_EVENT_STREAM_VALUE : MediaType.APPLICATION_JSON_VALUE);
			headers.set("x-goog-api-key", deployment.config().apiKey());
			Map<String, String> extra = deployment.config().headers();
			if (extra != null) {
				extra.forEach(headers::set);
			}
			// the host root; a pasted ".../v1beta" is tolerated
			String base = ProviderUrls.withoutSuffix(ProviderUrls.base(deployment, DEFAULT_API_BASE.toString()),
					"/v1beta");
			return new UpstreamCall(HttpMethod.POST, ProviderUrls.uri(base, path), headers, body, CODEC,
					request.stream());
		});
	}

	@Override
	public EmbeddingsCodec embeddingsCodec(Deployment deployment) {
		return EMBEDDINGS;
	}

	/** {@code models/<model>:batchEmbedContents} with the API key header. */
	@Override
	public Mono<UpstreamCall> prepareEmbeddings(Deployment deployment, EmbeddingsCodec codec,
			EmbeddingsRequest request) {
		String base = ProviderUrls.base(deployment, DEFAULT_API_BASE.toString());
		String model = deployment.model().startsWith("models/") ? deployment.model() : "models/" + deployment.model();
		HttpHeaders headers = EmbeddingsCalls.json();
		headers.set("x-goog-api-key", deployment.config().apiKey());
		return EmbeddingsCalls.post(ProviderUrls.uri(base, "/v1beta/" + model + ":batchEmbedContents"), headers,
				deployment, codec, request);
	}
}
