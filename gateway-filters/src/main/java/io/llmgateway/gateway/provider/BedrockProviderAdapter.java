package io.llmgateway.gateway.provider;

import io.llmgateway.translate.embeddings.BedrockEmbeddings;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import java.net.URI;

import io.llmgateway.gateway.core.CountTokensCall;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.bedrock.BedrockClaudeUpstreamCodec;
import io.llmgateway.translate.bedrock.BedrockUpstreamCodec;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.mapping.Json;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code provider: bedrock}: AWS Bedrock Converse and ConverseStream, so any Bedrock chat model (Claude, Nova, Llama,
 * Mistral...) by model id, inference-profile id or ARN; an Anthropic client calling a Claude model goes through
 * InvokeModel with its own Messages body instead ({@link BedrockClaudeUpstreamCodec}: pass-through, betas as
 * {@code anthropic_beta}). Requests are signed with SigV4 (service {@code bedrock},
 * region {@code aws-region}) using the deployment's AWS keys or the default chain; with {@code api-key} set, a
 * Bedrock API key is sent as a bearer token instead.
 */
public final class BedrockProviderAdapter implements ProviderAdapter {

	public static final String ID = "bedrock";

	static final String SIGNING_SERVICE = "bedrock";

	static final MediaType EVENT_STREAM = MediaType.parseMediaType("application/vnd.amazon.eventstream");

	private final BedrockUpstreamCodec codec = new BedrockUpstreamCodec();

	private final BedrockClaudeUpstreamCodec claude = new BedrockClaudeUpstreamCodec();

	private final AwsSigV4Signer signer;

	private final AwsCredentialsSource credentials;

	public BedrockProviderAdapter(AwsSigV4Signer signer, AwsCredentialsSource credentials) {
		this.signer = signer;
		this.credentials = credentials;
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
	public Mono<UpstreamCall> prepareChat(Deployment deployment, ChatRequest request, EncodeOptions options) {
		String model = options.upstreamModel() != null ? options.upstreamModel() : deployment.model();
		// an Anthropic client talking to Claude: InvokeModel with its own Messages body (betas, hints, system
		// messages in place), where Converse would have to translate
		boolean invoke = request.clientProtocol() == Protocol.ANTHROPIC && isClaude(model);
		UpstreamCodec chosen = invoke ? claude : codec;
		byte[] body;
		try {
			body = chosen.encodeRequest(request, options);
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
		boolean stream = request.stream();
		String action = invoke ? (stream ? "/invoke-with-response-stream" : "/invoke")
				: (stream ? "/converse-stream" : "/converse");
		URI uri = ProviderUrls.uri(baseUrl(deployment), "/model/" + ProviderUrls.segment(model) + action);
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set(HttpHeaders.ACCEPT, stream ? EVENT_STREAM.toString() : MediaType.APPLICATION_JSON_VALUE);
		return authorize(deployment, "POST", uri, headers, body)
			.map(signed -> new UpstreamCall(HttpMethod.POST, uri, withExtraHeaders(deployment, signed), body, chosen,
					stream));
	}

	/** Anthropic's models on Bedrock: {@code anthropic.claude-…}, inference profiles {@code us.anthropic.…}, ARNs. */
	static boolean isClaude(String model) {
		return model.toLowerCase(java.util.Locale.ROOT).contains("anthropic.");
	}

	/**
	 * Bedrock's {@code CountTokens} ({@code POST /model/{id}/count-tokens}) with the Converse form of the request
	 * ({@code messages}, {@code system}, {@code toolConfig}); the answer's {@code inputTokens} is the count.
	 */
	@Override
	public Mono<CountTokensCall> prepareCountTokens(Deployment deployment, ChatRequest request,
			EncodeOptions options) {
		byte[] body;
		try {
			ObjectNode converse = (ObjectNode) Json.MAPPER.readTree(codec.encodeRequest(request, options));
			converse.retain("messages", "system", "toolConfig");
			ObjectNode wrapper = Json.object();
			wrapper.putObject("input").set("converse", converse);
			body = Json.write(wrapper);
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
		String model = options.upstreamModel() != null ? options.upstreamModel() : deployment.model();
		URI uri = ProviderUrls.uri(baseUrl(deployment), "/model/" + ProviderUrls.segment(model) + "/count-tokens");
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		return authorize(deployment, "POST", uri, headers, body)
			.map(signed -> new CountTokensCall(new UpstreamCall(HttpMethod.POST, uri,
					withExtraHeaders(deployment, signed), body, codec, false), "inputTokens"));
	}

	/** Titan and Cohere embedding models through InvokeModel. */
	@Override
	public EmbeddingsCodec embeddingsCodec(Deployment deployment) {
		return new BedrockEmbeddings(deployment.model());
	}

	@Override
	public Mono<UpstreamCall> prepareEmbeddings(Deployment deployment, EmbeddingsCodec codec,
			EmbeddingsRequest request) {
		URI uri = ProviderUrls.uri(baseUrl(deployment), "/model/" + ProviderUrls.segment(deployment.model()) + "/invoke");
		// the signature covers the body: encode first, then sign
		return EmbeddingsCalls.body(deployment, codec, request)
			.flatMap(body -> authorize(deployment, "POST", uri, EmbeddingsCalls.json(), body)
				.map(headers -> EmbeddingsCalls.post(uri, headers, body)));
	}

	/** InvokeModel reports the input tokens of an embeddings call in a header, not in the body. */
	@Override
	public Long embeddingsTokens(HttpHeaders headers) {
		String value = headers.getFirst(BedrockEmbeddings.INPUT_TOKEN_HEADER);
		try {
			return value == null ? null : Long.parseLong(value.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** Adds SigV4 signature headers, or a bearer Bedrock API key when {@code api-key} is configured. */
	Mono<HttpHeaders> authorize(Deployment deployment, String method, URI uri, HttpHeaders headers, byte[] body) {
		String apiKey = deployment.config().apiKey();
		if (apiKey != null && !apiKey.isBlank()) {
			headers.setBearerAuth(apiKey);
			return Mono.just(headers);
		}
		String region = region(deployment);
		return credentials.credentials(deployment)
			.map(identity -> signer.sign(method, uri, headers, body, SIGNING_SERVICE, region, identity));
	}

	private static HttpHeaders withExtraHeaders(Deployment deployment, HttpHeaders headers) {
		// extra headers are added after signing: they are not part of the signature and must not break it
		deployment.config().headers().forEach((k, v) -> {
			if (!headers.containsHeader(k)) {
				headers.set(k, v);
			}
		});
		return headers;
	}

	static String region(Deployment deployment) {
		String region = deployment.config().awsRegion();
		if (region == null || region.isBlank()) {
			region = System.getenv("AWS_REGION");
		}
		if (region == null || region.isBlank()) {
			region = System.getenv("AWS_DEFAULT_REGION");
		}
		return region == null || region.isBlank() ? "us-east-1" : region;
	}

	static String baseUrl(Deployment deployment) {
		return ProviderUrls.base(deployment, "https://bedrock-runtime." + region(deployment) + ".amazonaws.com");
	}
}
