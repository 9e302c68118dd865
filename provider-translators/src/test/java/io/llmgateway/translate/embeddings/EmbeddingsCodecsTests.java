package io.llmgateway.translate.embeddings;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.mapping.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddingsCodecsTests {

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static JsonNode json(byte[] bytes) {
		return Json.MAPPER.readTree(bytes);
	}

	@Test
	void parsesOpenAiRequests() {
		EmbeddingsRequest one = OpenAiEmbeddings.decodeRequest(b("{\"model\":\"emb\",\"input\":\"hello\"}"));
		assertThat(one.inputs()).containsExactly("hello");
		assertThat(one.encodingFormat()).isEqualTo("float");
		EmbeddingsRequest many = OpenAiEmbeddings
			.decodeRequest(b("{\"model\":\"emb\",\"input\":[\"a\",\"b\"],\"dimensions\":256,\"encoding_format\":\"base64\"}"));
		assertThat(many.inputs()).containsExactly("a", "b");
		assertThat(many.dimensions()).isEqualTo(256);
		EmbeddingsRequest tokens = OpenAiEmbeddings.decodeRequest(b("{\"model\":\"emb\",\"input\":[[1,2],[3]]}"));
		assertThat(tokens.tokenInput()).isTrue();
		assertThatThrownBy(() -> OpenAiEmbeddings.decodeRequest(b("{\"model\":\"emb\"}")))
			.isInstanceOf(LlmException.class)
			.hasMessageContaining("input");
		assertThatThrownBy(() -> OpenAiEmbeddings.decodeRequest(b("{\"input\":\"x\"}"))).isInstanceOf(LlmException.class);
		assertThatThrownBy(() -> OpenAiEmbeddings.decodeRequest(b("{\"model\":\"e\",\"input\":[\"a\",[1]]}")))
			.isInstanceOf(LlmException.class);
	}

	@Test
	void rendersFloatAndBase64() {
		EmbeddingsResponse r = new EmbeddingsResponse("x", List.of(new float[] { 0.5f, -1.25f }), 5, false);
		JsonNode floats = json(OpenAiEmbeddings.encodeResponse(r, "alias", "float"));
		assertThat(floats.at("/data/0/embedding/1").asDouble()).isEqualTo(-1.25);
		assertThat(floats.get("model").asString()).isEqualTo("alias");
		assertThat(floats.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
		JsonNode base64 = json(OpenAiEmbeddings.encodeResponse(r, "alias", "base64"));
		assertThat(OpenAiEmbeddings.fromBase64(base64.at("/data/0/embedding").asString()))
			.containsExactly(0.5f, -1.25f);
	}

	@Test
	void openAiUpstreamRoundTrip() {
		OpenAiEmbeddings codec = new OpenAiEmbeddings("openai");
		EmbeddingsRequest req = OpenAiEmbeddings.decodeRequest(b("{\"model\":\"emb\",\"input\":[\"a\",\"b\"]}"));
		JsonNode body = json(codec.encodeRequest(req, "text-embedding-3-small"));
		assertThat(body.get("model").asString()).isEqualTo("text-embedding-3-small");
		assertThat(body.at("/input/1").asString()).isEqualTo("b");
		EmbeddingsResponse resp = codec.decodeResponse(b("""
				{"object":"list","model":"text-embedding-3-small","data":[
				 {"object":"embedding","index":1,"embedding":[0.2]},{"object":"embedding","index":0,"embedding":[0.1]}],
				 "usage":{"prompt_tokens":5,"total_tokens":5}}"""));
		assertThat(resp.vectors().get(0)).containsExactly(0.1f);
		assertThat(resp.promptTokens()).isEqualTo(5);
	}

	@Test
	void geminiBatchEmbed() {
		GeminiEmbeddings codec = new GeminiEmbeddings();
		EmbeddingsRequest req = OpenAiEmbeddings.decodeRequest(b("{\"model\":\"e\",\"input\":[\"a\",\"b\"],\"dimensions\":8}"));
		JsonNode body = json(codec.encodeRequest(req, "gemini-embedding-001"));
		assertThat(body.at("/requests/1/model").asString()).isEqualTo("models/gemini-embedding-001");
		assertThat(body.at("/requests/1/content/parts/0/text").asString()).isEqualTo("b");
		assertThat(body.at("/requests/0/outputDimensionality").asInt()).isEqualTo(8);
		EmbeddingsResponse resp = codec.decodeResponse(b("{\"embeddings\":[{\"values\":[0.1,0.2]},{\"values\":[0.3]}]}"));
		assertThat(resp.vectors()).hasSize(2);
		assertThat(resp.estimated()).isTrue();
	}

	@Test
	void vertexPredict() {
		VertexEmbeddings codec = new VertexEmbeddings("text-embedding-005");
		EmbeddingsRequest req = OpenAiEmbeddings.decodeRequest(b("{\"model\":\"e\",\"input\":[\"a\"]}"));
		assertThat(json(codec.encodeRequest(req, "text-embedding-005")).at("/instances/0/content").asString())
			.isEqualTo("a");
		EmbeddingsResponse resp = codec.decodeResponse(b(
				"{\"predictions\":[{\"embeddings\":{\"values\":[0.5],\"statistics\":{\"token_count\":3,\"truncated\":false}}}]}"));
		assertThat(resp.promptTokens()).isEqualTo(3);
		assertThat(new VertexEmbeddings("gemini-embedding-001").maxInputsPerCall()).isEqualTo(1);
	}

	@Test
	void bedrockTitanAndCohere() {
		EmbeddingsRequest req = OpenAiEmbeddings.decodeRequest(b("{\"model\":\"e\",\"input\":[\"a\",\"b\"]}"));
		BedrockEmbeddings titan = new BedrockEmbeddings("amazon.titan-embed-text-v2:0");
		assertThat(titan.maxInputsPerCall()).isEqualTo(1);
		assertThat(json(titan.encodeRequest(req.withInputs(List.of("a")), "amazon.titan-embed-text-v2:0"))
			.get("inputText").asString()).isEqualTo("a");
		EmbeddingsResponse t = titan.decodeResponse(b("{\"embedding\":[0.1,0.2],\"inputTextTokenCount\":4}"));
		assertThat(t.promptTokens()).isEqualTo(4);
		BedrockEmbeddings cohere = new BedrockEmbeddings("cohere.embed-english-v3");
		JsonNode body = json(cohere.encodeRequest(req, "cohere.embed-english-v3"));
		assertThat(body.at("/texts/1").asString()).isEqualTo("b");
		assertThat(body.get("input_type").asString()).isEqualTo("search_document");
		assertThat(cohere.decodeResponse(b("{\"embeddings\":[[0.1],[0.2]],\"id\":\"x\",\"response_type\":\"embeddings_floats\"}"))
			.vectors()).hasSize(2);
	}

	@Test
	void ollamaAndCohereNative() {
		EmbeddingsRequest req = OpenAiEmbeddings.decodeRequest(b("{\"model\":\"e\",\"input\":[\"a\"]}"));
		OllamaEmbeddings ollama = new OllamaEmbeddings();
		assertThat(json(ollama.encodeRequest(req, "nomic-embed-text")).at("/input/0").asString()).isEqualTo("a");
		EmbeddingsResponse o = ollama.decodeResponse(b("{\"model\":\"nomic\",\"embeddings\":[[0.1,0.2]],\"prompt_eval_count\":2}"));
		assertThat(o.promptTokens()).isEqualTo(2);
		CohereEmbeddings cohere = new CohereEmbeddings();
		assertThat(json(cohere.encodeRequest(req, "embed-v4.0")).at("/embedding_types/0").asString()).isEqualTo("float");
		EmbeddingsResponse c = cohere.decodeResponse(
				b("{\"embeddings\":{\"float\":[[0.1]]},\"meta\":{\"billed_units\":{\"input_tokens\":6}}}"));
		assertThat(c.promptTokens()).isEqualTo(6);
	}

	@Test
	void mergesSplitCalls() {
		EmbeddingsResponse merged = EmbeddingsResponse.merge(List.of(
				new EmbeddingsResponse("m", List.of(new float[] { 1 }), 2, false),
				new EmbeddingsResponse("m", List.of(new float[] { 2 }), 3, false)));
		assertThat(merged.vectors()).hasSize(2);
		assertThat(merged.promptTokens()).isEqualTo(5);
	}
}
