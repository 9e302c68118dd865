package io.llmgateway.translate.embeddings;

import java.nio.charset.StandardCharsets;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiEmbeddingsClientCodecTests {

	private final OpenAiEmbeddingsClientCodec codec = new OpenAiEmbeddingsClientCodec();

	@Test
	void parsesOnceAndRebuildsTheEmbeddingsRequestFromTheCanonicalOne() {
		ChatRequest chat = codec.decodeRequest(("{\"model\":\"emb\",\"input\":[\"a\",\"b\"],\"dimensions\":64,"
				+ "\"encoding_format\":\"base64\",\"user\":\"u1\"}").getBytes(StandardCharsets.UTF_8));
		assertThat(codec.protocol()).isEqualTo(Protocol.OPENAI_EMBEDDINGS);
		assertThat(chat.model()).isEqualTo("emb");
		assertThat(chat.clientProtocol()).isEqualTo(Protocol.OPENAI_EMBEDDINGS);
		// one user message per input: what token estimators and cache keys read
		assertThat(chat.messages()).hasSize(2);
		EmbeddingsRequest request = OpenAiEmbeddingsClientCodec.embeddingsRequest(chat);
		assertThat(request.inputs()).containsExactly("a", "b");
		assertThat(request.dimensions()).isEqualTo(64);
		assertThat(request.encodingFormat()).isEqualTo("base64");
		assertThat(request.user()).isEqualTo("u1");
	}

	@Test
	void tokenInputsStayRaw() {
		ChatRequest chat = codec.decodeRequest("{\"model\":\"emb\",\"input\":[[1,2,3]]}".getBytes(StandardCharsets.UTF_8));
		EmbeddingsRequest request = OpenAiEmbeddingsClientCodec.embeddingsRequest(chat);
		assertThat(request.tokenInput()).isTrue();
		assertThat(request.rawInput().get(0).get(2).intValue()).isEqualTo(3);
	}

	@Test
	void errorsInOpenAiFormat() {
		String body = new String(codec.encodeError(LlmError.of(ErrorType.INVALID_REQUEST, "bad input")),
				StandardCharsets.UTF_8);
		assertThat(body).contains("\"error\"").contains("bad input");
	}
}
