package io.llmgateway.gateway.provider;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.support.mock.OpenAiReplies;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AzureStreamDecoderTests {

	@Test
	void skipsTheEmptyChoicesFilterChunkAndKeepsTheRest() {
		byte[] bytes = OpenAiReplies.AZURE_STREAM_TEXT.getBytes(StandardCharsets.UTF_8);
		AzureStreamDecoder decoder = new AzureStreamDecoder();
		List<StreamEvent> events = new ArrayList<>();
		for (int i = 0; i < bytes.length; i += 7) {
			decoder.decode(ByteBuffer.wrap(bytes, i, Math.min(7, bytes.length - i)), events::add);
		}
		decoder.end(events::add);
		StreamEvent.MessageStart start = (StreamEvent.MessageStart) events.get(0);
		assertThat(start.id()).isEqualTo("chatcmpl-az3");
		StreamEvent.MessageDelta delta = events.stream()
			.filter(StreamEvent.MessageDelta.class::isInstance)
			.map(StreamEvent.MessageDelta.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(delta.stopReason()).isEqualTo(StopReason.END_TURN);
		assertThat(delta.usage().outputTokens()).isEqualTo(3);
		assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.MessageStop.class);
	}

	@Test
	void filterAnnotationDetection() {
		assertThat(AzureStreamDecoder.isFilterAnnotation(
				"{\"choices\":[],\"id\":\"\",\"prompt_filter_results\":[{\"prompt_index\":0}]}")).isTrue();
		assertThat(AzureStreamDecoder.isFilterAnnotation(
				"{\"choices\":[],\"usage\":{\"prompt_tokens\":1},\"prompt_filter_results\":[]}")).isFalse();
		assertThat(AzureStreamDecoder.isFilterAnnotation("{\"choices\":[{\"index\":0}]}")).isFalse();
	}
}
