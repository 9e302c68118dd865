package io.llmgateway.gateway.observe;

import java.math.BigDecimal;
import java.util.List;

import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class LlmAccessLogTests {

	private static LlmExchange finished(LlmAccessLog accessLog) {
		LlmExchange llm = TestExchanges.chat("req-log-1", "gpt-4o", false);
		new LlmObserveInitializer(new LlmMeters(new SimpleMeterRegistry(), new BoundedTagValues(10), false), null,
				accessLog, null, null).initialize(llm, null);
		llm.group(TestExchanges.group(TestExchanges.deployment("gpt-4o", "openai", "gpt-4o-mini", "gpt-4o#0")));
		llm.deployment(llm.group().deployments().get(0));
		llm.status(200);
		llm.usage(new Usage(11, 4, 0, 0, 0));
		llm.cost(new BigDecimal("0.00042"));
		llm.response(new ChatResponse("c1", "gpt-4o-mini", List.of(new ContentPart.Text("llama facts")),
				StopReason.END_TURN, null, 0));
		llm.complete(Completion.SUCCESS);
		return llm;
	}

	private static String accessLine(CapturedOutput output) {
		return output.getAll().lines().filter(l -> l.contains("req-log-1")).findFirst().orElseThrow();
	}

	@Test
	void oneJsonLinePerRequestWithoutKeysOrPrompts(CapturedOutput output) {
		finished(new LlmAccessLog(false));
		String line = accessLine(output);
		assertThat(output.getAll().lines().filter(l -> l.contains("req-log-1"))).hasSize(1);
		JsonNode json = JsonMapper.builder().build().readTree(line.substring(line.indexOf('{')));
		assertThat(json.get("request_id").asString()).isEqualTo("req-log-1");
		assertThat(json.get("identity").get("key_id").asString()).isEqualTo("key-1");
		assertThat(json.get("identity").get("team").asString()).isEqualTo("team-a");
		assertThat(json.get("deployment").asString()).isEqualTo("gpt-4o#0");
		assertThat(json.get("tokens").get("input").asLong()).isEqualTo(11);
		assertThat(json.get("tokens").get("output").asLong()).isEqualTo(4);
		assertThat(json.get("cost_usd").decimalValue()).isEqualByComparingTo("0.00042");
		assertThat(json.get("status").asInt()).isEqualTo(200);
		assertThat(json.get("timings_ms").has("overhead")).isTrue();
		assertThat(output.getAll()).doesNotContain(TestExchanges.PROMPT, "llama facts", "sk-provider-secret");
	}

	@Test
	void promptsWhenEnabledStillRedactSecrets(CapturedOutput output) {
		LlmExchange llm = TestExchanges.chat("req-log-1", "gpt-4o", false);
		String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"my key is "
				+ TestExchanges.VIRTUAL_KEY + "\"}]}";
		LlmExchange withKey = new LlmExchange("req-log-1", llm.clientProtocol(), null, body.getBytes(), llm.request());
		new LlmObserveInitializer(new LlmMeters(new SimpleMeterRegistry(), new BoundedTagValues(10), false), null,
				new LlmAccessLog(true), null, null).initialize(withKey, null);
		withKey.status(200);
		withKey.complete(Completion.SUCCESS);
		String line = accessLine(output);
		assertThat(line).contains("my key is [REDACTED]").doesNotContain(TestExchanges.VIRTUAL_KEY);
	}
}
