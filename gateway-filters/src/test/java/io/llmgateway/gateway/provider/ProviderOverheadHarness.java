package io.llmgateway.gateway.provider;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.llmgateway.translate.bedrock.BedrockUpstreamCodec;
import io.llmgateway.translate.bedrock.BedrockStreamDecoder;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.ollama.OllamaStreamDecoder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.eventstream.HeaderValue;

/**
 * Per-request and per-event costs of the native provider paths, for docs/benchmarks.md (a {@code main}, not a test):
 * SigV4 signing of a Converse request with the AWS SDK signer, Converse request encoding, and decoding a 200-delta
 * Bedrock event stream and a 200-line Ollama NDJSON stream fed in 1 KiB reads. Prints the best and worst of five
 * rounds.
 */
public final class ProviderOverheadHarness {

	private static long sink;

	public static void main(String[] args) {
		int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
		AwsSigV4Signer signer = new AwsSigV4Signer();
		AwsBasicCredentials credentials = AwsBasicCredentials.create("AKIDEXAMPLE", "secret");
		ChatRequest request = new ChatRequest().model("claude").maxTokens(256);
		request.messages().add(Message.text(Role.USER, "Summarize the weather in Oslo in one sentence, please."));
		BedrockUpstreamCodec codec = new BedrockUpstreamCodec();
		EncodeOptions options = EncodeOptions.forModel("anthropic.claude-3-5-sonnet-20241022-v2:0");
		byte[] body = codec.encodeRequest(request, options);
		URI uri = URI.create("https://bedrock-runtime.us-east-1.amazonaws.com/model/"
				+ "anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse");
		byte[] bedrockStream = bedrockStream(200);
		byte[] ollamaStream = ollamaStream(200);

		report("SigV4 sign (AWS SDK signer), per request", n, () -> {
			HttpHeaders headers = new HttpHeaders();
			headers.setContentType(MediaType.APPLICATION_JSON);
			return signer.sign("POST", uri, headers, body, "bedrock", "us-east-1", credentials).size();
		});
		report("Converse request encoding, per request", n, () -> codec.encodeRequest(request, options).length);
		report("Bedrock event stream, 200 deltas, per stream", n / 20, () -> decode(new BedrockStreamDecoder(), bedrockStream));
		report("Ollama NDJSON, 200 lines, per stream", n / 20, () -> decode(new OllamaStreamDecoder(), ollamaStream));
		System.out.println("(ignore) " + sink);
	}

	private static void report(String what, int n, LongSupplier op) {
		double best = Double.MAX_VALUE;
		double worst = 0;
		for (int round = 0; round < 6; round++) {
			long start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				sink += op.getAsLong();
			}
			double micros = (System.nanoTime() - start) / 1000.0 / n;
			if (round > 0) {
				// round 0 is warm-up
				best = Math.min(best, micros);
				worst = Math.max(worst, micros);
			}
		}
		System.out.printf("%-50s best %8.2f us  worst %8.2f us%n", what, best, worst);
	}

	private static long decode(StreamDecoder decoder, byte[] bytes) {
		long[] count = new long[1];
		for (int i = 0; i < bytes.length; i += 1024) {
			decoder.decode(ByteBuffer.wrap(bytes, i, Math.min(1024, bytes.length - i)), e -> count[0]++);
		}
		decoder.end(e -> count[0]++);
		return count[0];
	}

	private static byte[] bedrockStream(int deltas) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(frame("messageStart", "{\"role\":\"assistant\"}"));
		for (int i = 0; i < deltas; i++) {
			out.writeBytes(frame("contentBlockDelta",
					"{\"contentBlockIndex\":0,\"delta\":{\"text\":\"token " + i + " of the answer \"}}"));
		}
		out.writeBytes(frame("contentBlockStop", "{\"contentBlockIndex\":0}"));
		out.writeBytes(frame("messageStop", "{\"stopReason\":\"end_turn\"}"));
		out.writeBytes(frame("metadata", "{\"usage\":{\"inputTokens\":30,\"outputTokens\":200,\"totalTokens\":230}}"));
		return out.toByteArray();
	}

	private static byte[] frame(String type, String json) {
		Map<String, HeaderValue> headers = new LinkedHashMap<>();
		headers.put(":event-type", HeaderValue.fromString(type));
		headers.put(":content-type", HeaderValue.fromString("application/json"));
		headers.put(":message-type", HeaderValue.fromString("event"));
		return new software.amazon.eventstream.Message(headers, json.getBytes(StandardCharsets.UTF_8)).toByteBuffer()
			.array();
	}

	private static byte[] ollamaStream(int lines) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < lines; i++) {
			sb.append("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"token ").append(i)
				.append(" of the answer \"},\"done\":false}\n");
		}
		sb.append("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
				+ "\"done_reason\":\"stop\",\"prompt_eval_count\":30,\"eval_count\":200}\n");
		return sb.toString().getBytes(StandardCharsets.UTF_8);
	}
}
