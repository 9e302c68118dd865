package io.llmgateway.translate.responses;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponsesCodecsTests {

	private final ResponsesClientCodec codec = new ResponsesClientCodec();

	private ChatRequest read(String json) {
		return codec.decodeRequest(json.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertBadRequest(Runnable call, String param, String messagePart) {
		assertThatThrownBy(call::run).isInstanceOfSatisfying(LlmException.class, ex -> {
			assertThat(ex.error().status()).isEqualTo(400);
			assertThat(ex.error().param()).isEqualTo(param);
			assertThat(ex.error().message()).contains(messagePart);
		});
	}

	@Test
	void malformedRequestsAreRefusedNamingTheField() {
		assertBadRequest(() -> read("{\"model\":\"m\"}"), "input", "input: field required");
		assertBadRequest(() -> read("{\"input\":\"hi\"}"), "model", "model: field required");
		assertBadRequest(() -> read("{\"model\":\"m\",\"input\":[{\"role\":\"tool\",\"content\":\"x\"}]}"),
				"input.0.role", "unknown role 'tool'");
		assertBadRequest(() -> read("{\"model\":\"m\",\"input\":[{\"type\":\"function_call_output\",\"output\":\"x\"}]}"),
				"input.0.call_id", "must be a string");
		assertBadRequest(() -> read("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":"
				+ "\"input_image\",\"file_id\":\"file-1\"}]}]}"), "input.0.content.0.image_url", "file_id");
		assertBadRequest(() -> read("{\"model\":\"m\",\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"xml\"}}}"),
				"text.format.type", "unknown value 'xml'");
	}

	@Test
	void continuationsWithoutInputAreAcceptedForTheNativePath() {
		ChatRequest r = read("{\"model\":\"m\",\"previous_response_id\":\"resp_1\"}");
		assertThat(r.messages()).isEmpty();
		assertThat(ResponsesUpstreamCodec.canPassThrough(r)).isTrue();
		assertBadRequest(() -> ResponsesParams.check(r, EncodeOptions.forModel("x"), "anthropic"),
				"previous_response_id", "whole conversation");
	}

	@Test
	void safetyIdentifierStandsForTheUserWhenNoUserIsGiven() {
		assertThat(read("{\"model\":\"m\",\"input\":\"hi\",\"safety_identifier\":\"h1\"}").user()).isEqualTo("h1");
		assertThat(read("{\"model\":\"m\",\"input\":\"hi\",\"safety_identifier\":\"h1\",\"user\":\"u\"}").user())
			.isEqualTo("u");
	}

	@Test
	void toolOutputsKnowTheirToolNameAndAssistantItemsFormOneTurn() {
		ChatRequest r = read("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"go\"},"
				+ "{\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"a\"}]},"
				+ "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"f\",\"arguments\":\"{}\"},"
				+ "{\"type\":\"function_call\",\"call_id\":\"c2\",\"name\":\"g\",\"arguments\":\"{}\"},"
				+ "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"1\"},"
				+ "{\"type\":\"function_call_output\",\"call_id\":\"c2\",\"output\":\"2\"}]}");
		assertThat(r.messages()).extracting(m -> m.role())
			.containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL);
		assertThat(r.messages().get(1).content()).hasSize(3);
		assertThat(((ContentPart.ToolResult) r.messages().get(3).content().get(0)).name()).isEqualTo("g");
	}

	@Test
	void theResponseObjectHasEveryFieldTheSdksRequire() {
		ChatRequest request = read("{\"model\":\"m\",\"input\":\"hi\",\"instructions\":\"be brief\"}");
		ChatResponse answer = new ChatResponse("msg_1", "p", List.of(new ContentPart.Text("hello")),
				StopReason.END_TURN, new Usage(10, 5, 2, 0, 1), 1760000000);
		JsonNode body = Json.MAPPER.readTree(codec.encodeResponse(answer, "alias", request));
		for (String field : List.of("id", "object", "created_at", "error", "incomplete_details", "instructions",
				"metadata", "model", "output", "parallel_tool_calls", "temperature", "tool_choice", "tools", "top_p",
				"usage", "status")) {
			assertThat(body.has(field)).as(field).isTrue();
		}
		assertThat(body.get("instructions").asString()).isEqualTo("be brief");
		assertThat(body.at("/usage/input_tokens").asLong()).isEqualTo(12);
		assertThat(body.at("/usage/total_tokens").asLong()).isEqualTo(17);
		assertThat(body.at("/output/0/content/0/text").asString()).isEqualTo("hello");
	}

	private static List<JsonNode> frames(StreamEncoder encoder, StreamEvent... events) {
		StringBuilder sse = new StringBuilder();
		for (StreamEvent e : events) {
			byte[] out = encoder.encode(e);
			if (out != null) {
				sse.append(new String(out, StandardCharsets.UTF_8));
			}
		}
		List<JsonNode> data = new ArrayList<>();
		String event = null;
		for (String line : sse.toString().split("\n")) {
			if (line.startsWith("event: ")) {
				event = line.substring(7);
			}
			else if (line.startsWith("data: ")) {
				JsonNode node = Json.MAPPER.readTree(line.substring(6));
				assertThat(node.get("type").asString()).isEqualTo(event);
				data.add(node);
			}
		}
		return data;
	}

	@Test
	void everyStreamEventIsNumberedFromZeroAndTheEndCarriesTheWholeOutput() {
		List<JsonNode> events = frames(codec.newStreamEncoder("alias", true, null),
				new StreamEvent.MessageStart("msg_1", "p", new Usage(10, 0, 0, 0, 0)), new StreamEvent.TextStart(0),
				new StreamEvent.TextDelta(0, "Hel"), new StreamEvent.TextDelta(0, "lo"), new StreamEvent.BlockStop(0),
				new StreamEvent.ToolCallStart(1, "call_1", "f"), new StreamEvent.ToolCallDelta(1, "{\"a\":"),
				new StreamEvent.ToolCallDelta(1, "1}"), new StreamEvent.BlockStop(1),
				new StreamEvent.MessageDelta(StopReason.TOOL_USE, new Usage(10, 7, 0, 0, 0)),
				new StreamEvent.MessageStop());
		for (int i = 0; i < events.size(); i++) {
			assertThat(events.get(i).get("sequence_number").asInt()).isEqualTo(i);
		}
		JsonNode completed = events.get(events.size() - 1);
		assertThat(completed.get("type").asString()).isEqualTo("response.completed");
		assertThat(completed.at("/response/output/0/content/0/text").asString()).isEqualTo("Hello");
		assertThat(completed.at("/response/output/1/arguments").asString()).isEqualTo("{\"a\":1}");
		assertThat(completed.at("/response/usage/output_tokens").asInt()).isEqualTo(7);
		// nothing after the end
		StreamEncoder encoder = codec.newStreamEncoder("alias", true, null);
		encoder.encode(new StreamEvent.MessageStop());
		assertThat(encoder.encode(new StreamEvent.TextDelta(0, "late"))).isNull();
	}

	@Test
	void aFailureBeforeTheStartIsOneErrorEventAndAfterItResponseFailedThenError() {
		LlmError error = LlmError.of(ErrorType.OVERLOADED, "overloaded", "Overloaded");
		List<JsonNode> early = frames(codec.newStreamEncoder("alias", true, null), new StreamEvent.Error(error));
		assertThat(early).extracting(e -> e.get("type").asString()).containsExactly("error");
		assertThat(early.get(0).get("code").asString()).isEqualTo("overloaded");

		List<JsonNode> late = frames(codec.newStreamEncoder("alias", true, null), new StreamEvent.MessageStart("m", "p",
				null), new StreamEvent.TextDelta(0, "Hi"), new StreamEvent.Error(error));
		assertThat(late).extracting(e -> e.get("type").asString()).endsWith("response.output_item.done",
				"response.failed", "error");
		assertThat(late.get(late.size() - 2).at("/response/status").asString()).isEqualTo("failed");
		assertThat(late.get(late.size() - 2).at("/response/error/message").asString()).isEqualTo("Overloaded");
	}

	@Test
	void nativeUsageIsReadFromTheBodyAndFromTerminalEvents() {
		String usage = "{\"input_tokens\":100,\"input_tokens_details\":{\"cached_tokens\":40},\"output_tokens\":9,"
				+ "\"output_tokens_details\":{\"reasoning_tokens\":3},\"total_tokens\":109}";
		Usage expected = new Usage(60, 9, 40, 0, 3);
		assertThat(ResponsesUpstreamCodec.usageOfBody(("{\"usage\":" + usage + "}").getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(expected);
		assertThat(ResponsesUpstreamCodec.usageOfEvent("{\"type\":\"response.completed\",\"response\":{\"usage\":"
				+ usage + "}}")).isEqualTo(expected);
	}
}
