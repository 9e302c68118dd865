package io.llmgateway.gateway.provider;

import io.llmgateway.translate.embeddings.OpenAiEmbeddings;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import java.net.URI;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.openai.OpenAiUpstreamCodec;
import io.llmgateway.translate.responses.ResponsesUpstreamCodec;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/**
 * {@code provider: azure}: Azure OpenAI. {@code api-base} is the resource endpoint
 * ({@code https://<resource>.openai.azure.com}); {@code model} is the deployment name. Classic URLs
 * ({@code /openai/deployments/{deployment}/chat/completions?api-version=...}) by default; the v1 API
 * ({@code /openai/v1/chat/completions}, model in the body) with {@code api-version: v1} or an {@code api-base} ending
 * in {@code /openai/v1}. Auth: {@code api-key} as the {@code api-key} header, or a Microsoft Entra token as
 * {@code Authorization: Bearer} (an {@code api-key} starting with {@code Bearer }, or an {@code Authorization} entry
 * in {@code headers}). Content-filter refusals become content-policy errors; the empty-{@code choices} first chunk is
 * skipped by the OpenAI stream decoder.
 */
public final class AzureProviderAdapter implements ProviderAdapter {

	public static final String ID = "azure";

	/** The GA API version used when none is configured. */
	public static final String DEFAULT_API_VERSION = "2024-10-21";

	/** The first API version that serves the Responses API, used for it when the configured one is older. */
	public static final String RESPONSES_API_VERSION = "2025-04-01-preview";

	private final AzureOpenAiCodec codec = new AzureOpenAiCodec(new OpenAiUpstreamCodec("max_completion_tokens"));

	private final OpenAiEmbeddings embeddings = new OpenAiEmbeddings(ID);

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean requiresApiKey() {
		return false;
	}

	@Override
	public boolean requiresApiBase() {
		return true;
	}

	@Override
	public void validate(LlmProperties.Model model, String key) {
		boolean hasKey = model.apiKey() != null && !model.apiKey().isBlank();
		boolean hasBearer = model.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"));
		if (!hasKey && !hasBearer) {
			throw new IllegalStateException(key + ".api-key is required for provider 'azure' (an API key, or "
					+ "'Bearer <Entra token>'; or set headers.Authorization)");
		}
	}

	@Override
	public Mono<UpstreamCall> prepareChat(Deployment deployment, ChatRequest request, EncodeOptions options) {
		return Mono.fromCallable(() -> {
			String model = options.upstreamModel() != null ? options.upstreamModel() : deployment.model();
			if (ResponsesUpstreamCodec.canPassThrough(request)) {
				// Azure serves the Responses API: the client's request goes there as sent (model = deployment name)
				byte[] body = ResponsesUpstreamCodec.INSTANCE.encodeRequest(request, options);
				HttpHeaders headers = headers(deployment);
				headers.set(HttpHeaders.ACCEPT,
						request.stream() ? MediaType.TEXT_EVENT_STREAM_VALUE : MediaType.APPLICATION_JSON_VALUE);
				return new UpstreamCall(HttpMethod.POST, responsesUri(deployment), headers, body,
						ResponsesUpstreamCodec.INSTANCE, request.stream());
			}
			byte[] body = codec.encodeRequest(request, options);
			URI uri = chatUri(deployment, model);
			HttpHeaders headers = headers(deployment);
			headers.set(HttpHeaders.ACCEPT,
					request.stream() ? MediaType.TEXT_EVENT_STREAM_VALUE : MediaType.APPLICATION_JSON_VALUE);
			return new UpstreamCall(HttpMethod.POST, uri, headers, body, codec, request.stream());
		});
	}

	@Override
	public EmbeddingsCodec embeddingsCodec(Deployment deployment) {
		return embeddings;
	}

	/** The deployment's {@code embeddings} operation, with the chat call's key and extra headers. */
	@Override
	public Mono<UpstreamCall> prepareEmbeddings(Deployment deployment, EmbeddingsCodec codec,
			EmbeddingsRequest request) {
		return EmbeddingsCalls.post(operationUri(deployment, deployment.model(), "embeddings"), headers(deployment),
				deployment, codec, request);
	}

	/**
	 * The Responses URL: {@code /openai/v1/responses} in the v1 scheme, else {@code /openai/responses?api-version=}
	 * (no deployment in the path; a configured version older than the Responses API is replaced by
	 * {@link #RESPONSES_API_VERSION}).
	 */
	static URI responsesUri(Deployment deployment) {
		String base = ProviderUrls.base(deployment, null);
		String version = deployment.config().apiVersion();
		if (base.endsWith("/openai/v1")) {
			return ProviderUrls.uri(base, "/responses");
		}
		if ("v1".equalsIgnoreCase(version)) {
			return ProviderUrls.uri(ProviderUrls.withoutSuffix(base, "/openai"), "/openai/v1/responses");
		}
		String apiVersion = version == null || version.isBlank() || version.compareTo(RESPONSES_API_VERSION) < 0
				? RESPONSES_API_VERSION : version;
		return ProviderUrls.uri(ProviderUrls.withoutSuffix(base, "/openai"), "/openai/responses?api-version="
				+ ProviderUrls.segment(apiVersion));
	}

	static URI chatUri(Deployment deployment, String model) {
		return operationUri(deployment, model, "chat/completions");
	}

	/** The URL of one operation ({@code chat/completions}, {@code embeddings}) in the classic or v1 scheme. */
	static URI operationUri(Deployment deployment, String model, String operation) {
		String base = ProviderUrls.base(deployment, null);
		String version = deployment.config().apiVersion();
		if (base.endsWith("/openai/v1")) {
			return ProviderUrls.uri(base, "/" + operation);
		}
		if ("v1".equalsIgnoreCase(version)) {
			return ProviderUrls.uri(ProviderUrls.withoutSuffix(base, "/openai"), "/openai/v1/" + operation);
		}
		String apiVersion = version == null || version.isBlank() ? DEFAULT_API_VERSION : version;
		return ProviderUrls.uri(ProviderUrls.withoutSuffix(base, "/openai"), "/openai/deployments/"
				+ ProviderUrls.segment(model) + "/" + operation + "?api-version=" + ProviderUrls.segment(apiVersion));
	}

	static HttpHeaders headers(Deployment deployment) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		String key = deployment.config().apiKey();
		if (key != null && !key.isBlank()) {
			if (key.regionMatches(true, 0, "Bearer ", 0, 7)) {
				headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + key.substring(7).strip());
			}
			else {
				headers.set("api-key", key);
			}
		}
		deployment.config().headers().forEach(headers::set);
		return headers;
	}
}
