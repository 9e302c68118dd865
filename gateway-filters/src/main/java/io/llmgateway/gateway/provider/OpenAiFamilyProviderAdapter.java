package io.llmgateway.gateway.provider;

import io.llmgateway.translate.embeddings.OpenAiEmbeddings;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import java.net.URI;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.openai.OpenAiUpstreamCodec;
import io.llmgateway.translate.responses.ResponsesUpstreamCodec;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/**
 * Base of every provider that speaks OpenAI Chat Completions at {@code <api-base>/chat/completions} with
 * {@code Authorization: Bearer <api-key>}. Named presets (Groq, DeepSeek, ...) are subclasses with a default base.
 */
public abstract class OpenAiFamilyProviderAdapter implements ProviderAdapter {

	private final String id;

	private final URI defaultApiBase;

	private final boolean requiresApiKey;

	private final OpenAiUpstreamCodec codec;

	private final OpenAiEmbeddings embeddings;

	protected OpenAiFamilyProviderAdapter(String id, URI defaultApiBase, boolean requiresApiKey,
			OpenAiUpstreamCodec codec) {
		this.id = id;
		this.defaultApiBase = defaultApiBase;
		this.requiresApiKey = requiresApiKey;
		this.codec = codec;
		this.embeddings = new OpenAiEmbeddings(id);
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public boolean requiresApiKey() {
		return requiresApiKey;
	}

	@Override
	public boolean requiresApiBase() {
		return defaultApiBase == null;
	}

	/**
	 * Whether this provider serves the Responses API itself ({@code <api-base>/responses}): a Responses client's
	 * request then goes there as sent, and the answer comes back as is. Other OpenAI-compatible servers get it
	 * translated to Chat Completions.
	 */
	protected boolean servesResponses() {
		return false;
	}

	@Override
	public Mono<UpstreamCall> prepareChat(Deployment deployment, ChatRequest request, EncodeOptions options) {
		boolean responses = servesResponses() && ResponsesUpstreamCodec.canPassThrough(request);
		UpstreamCodec codec = responses ? ResponsesUpstreamCodec.INSTANCE : this.codec;
		byte[] body = codec.encodeRequest(request, options);
		URI base = deployment.apiBase() != null ? deployment.apiBase() : defaultApiBase;
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set(HttpHeaders.ACCEPT, request.stream() ? MediaType.TEXT_EVENT_STREAM_VALUE : MediaType.APPLICATION_JSON_VALUE);
		String key = deployment.config().apiKey();
		if (key != null && !key.isBlank()) {
			headers.setBearerAuth(key);
		}
		deployment.config().headers().forEach(headers::set);
		return Mono.just(new UpstreamCall(HttpMethod.POST, resolve(base, responses ? "responses" : "chat/completions"),
				headers, body, codec, request.stream()));
	}

	/** Appends a path to a base URL that may or may not end with a slash, keeping the base's own path. */
	protected static URI resolve(URI base, String path) {
		String b = base.toString();
		return URI.create(b.endsWith("/") ? b + path : b + "/" + path);
	}

	@Override
	public EmbeddingsCodec embeddingsCodec(Deployment deployment) {
		return embeddings;
	}

	/** {@code <api-base>/embeddings} with the chat call's bearer key and extra headers. */
	@Override
	public Mono<UpstreamCall> prepareEmbeddings(Deployment deployment, EmbeddingsCodec codec,
			EmbeddingsRequest request) {
		HttpHeaders headers = EmbeddingsCalls.json();
		String key = deployment.config().apiKey();
		if (key != null && !key.isBlank()) {
			headers.setBearerAuth(key);
		}
		deployment.config().headers().forEach(headers::set);
		String fallback = defaultApiBase != null ? defaultApiBase.toString() : "http://localhost:8000/v1";
		return EmbeddingsCalls.post(ProviderUrls.uri(ProviderUrls.base(deployment, fallback), "/embeddings"), headers,
				deployment, codec, request);
	}
}
