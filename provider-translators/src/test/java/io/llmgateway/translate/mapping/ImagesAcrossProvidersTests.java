package io.llmgateway.translate.mapping;

import java.nio.charset.StandardCharsets;

import io.llmgateway.translate.anthropic.AnthropicUpstreamCodec;
import io.llmgateway.translate.bedrock.BedrockUpstreamCodec;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.gemini.GeminiUpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.ollama.OllamaUpstreamCodec;
import io.llmgateway.translate.openai.OpenAiClientCodec;
import io.llmgateway.translate.responses.ResponsesClientCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One image, whichever provider it is routed to, is read the same way: before {@link DataUrl} was shared, Bedrock and
 * Ollama refused an upper-case {@code DATA:} scheme or a type with parameters that Anthropic and Gemini accepted.
 */
class ImagesAcrossProvidersTests {

	private static final String PNG = DataUrlTests.PNG;

	@ParameterizedTest
	@ValueSource(strings = { "data:image/png;base64,", "DATA:IMAGE/PNG;BASE64,", "data:image/png;name=dot.png;base64,",
			"data:;base64,", "data:image/jpeg;base64," })
	void everyProviderGetsThePngFromAnOpenAiImageUrl(String prefix) {
		ChatRequest request = new OpenAiClientCodec().decodeRequest(openAiBody(prefix + PNG));
		assertProvidersGetPng(request);
	}

	@Test
	void everyProviderGetsThePngFromAResponsesInputImage() {
		String body = "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\","
				+ "\"image_url\":\"Data:image/png;base64," + PNG + "\"}]}]}";
		assertProvidersGetPng(new ResponsesClientCodec().decodeRequest(body.getBytes(StandardCharsets.UTF_8)));
	}

	private static void assertProvidersGetPng(ChatRequest request) {
		JsonNode anthropic = encode(new AnthropicUpstreamCodec(), request).at("/messages/0/content/0/source");
		assertThat(anthropic.path("media_type").stringValue()).isEqualTo("image/png");
		assertThat(anthropic.path("data").stringValue()).isEqualTo(PNG);

		JsonNode gemini = encode(new GeminiUpstreamCodec(), request).at("/contents/0/parts/0/inlineData");
		assertThat(gemini.path("mimeType").stringValue()).isEqualTo("image/png");
		assertThat(gemini.path("data").stringValue()).isEqualTo(PNG);

		JsonNode bedrock = encode(new BedrockUpstreamCodec(), request).at("/messages/0/content/0/image");
		assertThat(bedrock.path("format").stringValue()).isEqualTo("png");
		assertThat(bedrock.at("/source/bytes").stringValue()).isEqualTo(PNG);

		JsonNode ollama = encode(new OllamaUpstreamCodec(), request).at("/messages/0/images/0");
		assertThat(ollama.stringValue()).isEqualTo(PNG);
	}

	private static byte[] openAiBody(String url) {
		return ("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
				+ "\"image_url\":{\"url\":\"" + url + "\"}}]}]}").getBytes(StandardCharsets.UTF_8);
	}

	private static JsonNode encode(UpstreamCodec codec, ChatRequest request) {
		return Json.MAPPER.readTree(codec.encodeRequest(request, EncodeOptions.forModel("model-x")));
	}
}
