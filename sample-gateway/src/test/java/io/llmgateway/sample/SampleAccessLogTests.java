package io.llmgateway.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample writes its access log as bare JSON lines on standard output, the rest of the log as Boot formats it. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.database.path=./target/test-db/llm-${random.uuid}",
				"llm.spend.journal.directory=./target/test-journal/${random.uuid}", "llm.demo.chunk-delay=0s",
				// its own context (and demo provider), not one cached from another test class
				"sample.access-log.plain=true" })
@ActiveProfiles("demo")
class SampleAccessLogTests {

	@LocalServerPort
	int port;

	@Test
	void accessLogLinesAreBareJsonObjects(CapturedOutput output) throws Exception {
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(
						"{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"access-log-probe\"}]}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		String requestId = answer.headers().firstValue("x-request-id").orElseThrow();

		List<String> records = waitForAccessLines(output);
		assertThat(records).isNotEmpty();
		JsonNode record = JsonMapper.builder().build().readTree(records.get(records.size() - 1));
		assertThat(record.get("model").asString()).isEqualTo("demo");
		assertThat(record.get("status").asInt()).isEqualTo(200);
		assertThat(record.get("request_id").asString()).isEqualTo(requestId);
		// not through Boot's console pattern: no level/logger columns around the record
		assertThat(output.getOut().lines().filter(l -> l.contains("\"request_id\"")))
			.allSatisfy(l -> assertThat(l).startsWith("{").doesNotContain(" INFO ").doesNotContain("llm.access"));
		// the rest of the log keeps Boot's format
		assertThat(output.getOut()).contains(" INFO ");
	}

	private static List<String> waitForAccessLines(CapturedOutput output) throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			List<String> lines = output.getOut().lines().filter(l -> l.startsWith("{\"ts\":")).toList();
			if (!lines.isEmpty()) {
				return lines;
			}
			Thread.sleep(50);
		}
		return List.of();
	}
}
