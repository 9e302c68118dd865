package io.llmgateway.gateway.provider;

import java.net.URI;
import java.util.Map;

import io.llmgateway.gateway.core.CountTokensCall;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.anthropic.AnthropicUpstreamCodec;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/**
 * {@code provider: anthropic}: Anthropic Messages at {@code <api-base>/v1/messages} ({@code api-base} is the host root,
 * as the Anthropic SDKs take it), {@code x-api-key}, {@code anthropic-version} (the deployment's {@code api-version}
 * or {@value #DEFAULT_VERSION}) and the {@code anthropic-beta} flags an Anthropic client sent.
 */
public class AnthropicProviderAdapter implements ProviderAdapter {

	public static final String ID = "anthropic";

	public static final URI DEFAULT_API_BASE = URI.create("https://api.anthropic.com");

	public static final String DEFAULT_VERSION = "2023-06-01";

	private static final AnthropicUpstreamCodec CODEC = new AnthropicUpstreamCodec();

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean requiresApiKey() {
		return true;
	}

	@Override
	public Mono<UpstreamCall> prepareChat(Deployment deployment, ChatRequest request, EncodeOptions options) {
		return Mono.fromSupplier(() -> {
			byte[] body = CODEC.encodeRequest(request, options);
			HttpHeaders headers = headers(deployment, request, request.stream());
			return new UpstreamCall(HttpMethod.POST, ProviderUrls.uri(base(deployment), "/v1/messages"), headers, body,
					CODEC, request.stream());
		});
	}

	/** Anthropic's own {@code POST /v1/messages/count_tokens}, same headers (betas included) as a message. */
	@Override
	public Mono<CountTokensCall> prepareCountTokens(Deployment deployment, ChatRequest request,
			EncodeOptions options) {
		return Mono.fromSupplier(() -> {
			byte[] body = CODEC.encodeCountTokens(request, options);
			UpstreamCall call = new UpstreamCall(HttpMethod.POST,
					ProviderUrls.uri(base(deployment), "/v1/messages/count_tokens"), headers(deployment, request, false),
					body, CODEC, false);
			return new CountTokensCall(call, "input_tokens");
		});
	}

	private static HttpHeaders headers(Deployment deployment, ChatRequest request, boolean stream) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set(HttpHeaders.ACCEPT, stream ? MediaType.TEXT_EVENT_STREAM_VALUE : MediaType.APPLICATION_JSON_VALUE);
		headers.set("x-api-key", deployment.config().apiKey());
		String version = deployment.config().apiVersion();
		headers.set("anthropic-version", version == null || version.isBlank() ? DEFAULT_VERSION : version);
		String beta = clientBetas(request);
		if (beta != null) {
			headers.set("anthropic-beta", beta);
		}
		Map<String, String> extra = deployment.config().headers();
		if (extra != null) {
			extra.forEach(headers::set);
		}
		return headers;
	}

	/** The {@code anthropic-beta} flags an Anthropic client sent (comma-separated), or null. */
	static String clientBetas(ChatRequest request) {
		if (request.clientProtocol() != Protocol.ANTHROPIC) {
			return null;
		}
		String beta = request.forwardHeaders().get("anthropic-beta");
		return beta == null || beta.isBlank() ? null : beta;
	}

	/** The host root, as the Anthropic SDKs take it; a pasted ".../v1" is tolerated. */
	private static String base(Deployment deployment) {
		return ProviderUrls.withoutSuffix(ProviderUrls.base(deployment, DEFAULT_API_BASE.toString()), "/v1");
	}
}
