package io.llmgateway.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.Usage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class CachedAnswerCodecTests {

	private final CachedAnswerCodec codec = new CachedAnswerCodec(JsonMapper.builder().build());

	static ChatResponse everyPart() {
		return new ChatResponse("chatcmpl-1", "gpt-4o-2024-08-06",
				List.of(new ContentPart.Thinking("let me think", "sig==", false),
						new ContentPart.Thinking(null, "opaque", true), new ContentPart.Text("Hé \"quoted\" \n 🙂"),
						new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
						new ContentPart.Image("image/png", "iVBORw0KGgo=", null, "high"),
						new ContentPart.Image(null, null, "https://x.test/a.png", null),
						new ContentPart.Document("application/pdf", "JVBERi0=", "doc"),
						new ContentPart.ToolResult("call_1", "get_weather", List.of(new ContentPart.Text("sunny")), true)),
				StopReason.TOOL_USE, new Usage(11, 22, 3, 4, 5), 1700000000L);
	}

	@Test
	void roundTripsEveryContentPart() {
		byte[] json = codec.toJson(everyPart(), 1234L);

		CachedAnswer answer = codec.decode(json);

		assertThat(answer.response()).isEqualTo(everyPart());
		assertThat(answer.storedAtMillis()).isEqualTo(1234L);
		assertThat(answer.size()).isEqualTo(json.length);
	}

	@Test
	void roundTripsWithoutUsageOrStopReason() {
		ChatResponse bare = new ChatResponse(null, null, List.of(), null, null, 0);

		assertThat(codec.decode(codec.toJson(bare, 1)).response()).isEqualTo(bare);
	}

	@Test
	void largeValuesAreDeflatedAndReadBack() {
		ChatResponse big = new ChatResponse("id", "m", List.of(new ContentPart.Text("lorem ipsum ".repeat(500))),
				StopReason.END_TURN, Usage.ZERO, 1);
		byte[] json = codec.toJson(big, 5);

		byte[] packed = codec.pack(json, 512);

		assertThat(packed.length).isLessThan(json.length / 5);
		assertThat(packed[0]).isEqualTo((byte) 1);
		assertThat(codec.decode(packed).response()).isEqualTo(big);
		assertThat(codec.pack(json, json.length)).isSameAs(json);
	}

	@Test
	void corruptOrForeignValuesReadAsMisses() {
		assertThat(codec.decode("not json".getBytes(StandardCharsets.UTF_8))).isNull();
		assertThat(codec.decode("{\"v\":99}".getBytes(StandardCharsets.UTF_8))).isNull();
		assertThat(codec.decode(new byte[] { 1, 2, 3 })).isNull();
		assertThat(codec.decode("{\"v\":1,\"content\":[{\"t\":\"alien\"}]}".getBytes(StandardCharsets.UTF_8)))
			.isNull();
		assertThat(codec.decode(new byte[0])).isNull();
	}
}
