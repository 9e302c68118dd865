package io.llmgateway.translate.mapping;

import java.util.Base64;
import java.util.List;

import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.ToolDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingTests {

	@Test
	void toolNamesAreRenamedReversiblyAndWithoutCollisions() {
		ChatRequest r = new ChatRequest();
		r.tools().add(new ToolDefinition("mcp.server:search", null, null, null));
		r.tools().add(new ToolDefinition("mcp_server_search", null, null, null));
		r.tools().add(new ToolDefinition("x".repeat(100), null, null, null));
		r.messages().add(new Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall("1", "a/b", "{}")), null));
		ToolNames names = ToolNames.forRequest(r, ToolNames.Rule.OPENAI);
		String renamed = names.toUpstream("mcp.server:search");
		assertThat(renamed).isNotEqualTo("mcp_server_search").matches("[a-zA-Z0-9_-]{1,64}");
		assertThat(names.toUpstream("mcp_server_search")).isEqualTo("mcp_server_search");
		assertThat(names.toUpstream("x".repeat(100))).hasSizeLessThanOrEqualTo(64);
		assertThat(names.toUpstream("a/b")).isEqualTo("a_b");
		for (String original : List.of("mcp.server:search", "mcp_server_search", "x".repeat(100), "a/b")) {
			assertThat(names.toClient(names.toUpstream(original))).isEqualTo(original);
		}
		// deterministic: the decoder computes the same map from the same request
		assertThat(ToolNames.forRequest(r, ToolNames.Rule.OPENAI).toUpstream("mcp.server:search")).isEqualTo(renamed);
	}

	@Test
	void validNamesAreTheIdentity() {
		ChatRequest r = new ChatRequest();
		r.tools().add(new ToolDefinition("get_weather", null, null, null));
		assertThat(ToolNames.forRequest(r, ToolNames.Rule.ANTHROPIC).isIdentity()).isTrue();
		assertThat(ToolNames.forRequest(r, ToolNames.Rule.GEMINI).isIdentity()).isTrue();
		assertThat(ToolNames.valid("9lives", ToolNames.Rule.GEMINI)).isFalse();
		assertThat(ToolNames.valid("ns.tool", ToolNames.Rule.GEMINI)).isTrue();
		assertThat(ToolNames.valid("ns.tool", ToolNames.Rule.ANTHROPIC)).isFalse();
	}

	@Test
	void imageTypesAreSniffed() {
		assertThat(MediaTypes.sniffImage("iVBORw0KGgoAAAANSUhEUgAA")).isEqualTo("image/png");
		assertThat(MediaTypes.sniffImage("/9j/4AAQSkZJRgABAQAAAQ")).isEqualTo("image/jpeg");
		assertThat(MediaTypes.sniffImage("R0lGODlhAQABAIAAAAAAAP")).isEqualTo("image/gif");
		assertThat(MediaTypes.sniffImage("UklGRiQAAABXRUJQVlA4IBgAAAAw")).isEqualTo("image/webp");
		assertThat(MediaTypes.imageType("image/jpg", "AAAA")).isEqualTo("image/jpeg");
	}

	@Test
	void stopReasonsAreDerivedFromContent() {
		assertThat(StopReasons.derive(StopReason.END_TURN, true)).isEqualTo(StopReason.TOOL_USE);
		assertThat(StopReasons.derive(StopReason.TOOL_USE, false)).isEqualTo(StopReason.END_TURN);
		assertThat(StopReasons.derive(StopReason.MAX_TOKENS, true)).isEqualTo(StopReason.MAX_TOKENS);
		assertThat(StopReasons.derive(null, false)).isEqualTo(StopReason.END_TURN);
		assertThat(StopReasons.fromGemini("RECITATION")).isEqualTo(StopReason.CONTENT_FILTER);
		assertThat(StopReasons.fromGemini("MALFORMED_FUNCTION_CALL")).isEqualTo(StopReason.END_TURN);
		assertThat(StopReasons.fromAnthropic("model_context_window_exceeded")).isEqualTo(StopReason.MAX_TOKENS);
		assertThat(StopReasons.toAnthropic(StopReason.CONTENT_FILTER)).isEqualTo("refusal");
	}
}
