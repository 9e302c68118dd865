package io.llmgateway.translate.stream;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.llmgateway.translate.anthropic.AnthropicUpstreamCodec;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.gemini.GeminiUpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.StreamEvent;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Property test of the stream decoders with the shared SSE parser: every recorded provider stream, split at every
 * byte position (two reads) and in random multi-way splits, yields exactly the events of the one-read decode; random
 * garbage and truncated or corrupted streams yield events ending in one error (or a clean stop), never an exception
 * and never a hang.
 */
class StreamSplitPropertyTests {

	private static final Duration LIMIT = Duration.ofSeconds(20);

	@TestFactory
	Stream<DynamicTest> everySplitPointGivesTheSameEvents() throws IOException, URISyntaxException {
		List<DynamicTest> tests = new ArrayList<>();
		for (Recorded r : recorded()) {
			tests.add(DynamicTest.dynamicTest(r.name(), () -> assertTimeoutPreemptively(LIMIT, () -> {
				List<StreamEvent> expected = decode(r.codec(), List.of(r.bytes()));
				assertThat(expected).isNotEmpty();
				for (int i = 0; i <= r.bytes().length; i++) {
					List<byte[]> parts = List.of(Arrays.copyOfRange(r.bytes(), 0, i),
							Arrays.copyOfRange(r.bytes(), i, r.bytes().length));
					assertThat(decode(r.codec(), parts)).as("split at %d", i).isEqualTo(expected);
				}
				Random random = new Random(r.name().hashCode());
				for (int round = 0; round < 200; round++) {
					assertThat(decode(r.codec(), randomSplit(r.bytes(), random))).isEqualTo(expected);
				}
				List<byte[]> bytewise = new ArrayList<>();
				for (byte b : r.bytes()) {
					bytewise.add(new byte[] { b });
				}
				assertThat(decode(r.codec(), bytewise)).isEqualTo(expected);
			})));
		}
		return tests.stream();
	}

	@TestFactory
	Stream<DynamicTest> garbageAndTruncationEndCleanly() throws IOException, URISyntaxException {
		List<DynamicTest> tests = new ArrayList<>();
		for (Recorded r : recorded()) {
			tests.add(DynamicTest.dynamicTest(r.name(), () -> assertTimeoutPreemptively(LIMIT, () -> {
				Random random = new Random(31L * r.name().hashCode());
				for (int round = 0; round < 300; round++) {
					byte[] mutated = mutate(r.bytes(), random);
					assertEndsCleanly(decode(r.codec(), randomSplit(mutated, random)));
				}
				for (int cut = 0; cut < r.bytes().length; cut += 7) {
					assertEndsCleanly(decode(r.codec(), List.of(Arrays.copyOf(r.bytes(), cut))));
				}
			})));
		}
		return tests.stream();
	}

	@Test
	void pureGarbage() {
		assertTimeoutPreemptively(LIMIT, () -> {
			Random random = new Random(7);
			for (UpstreamCodec codec : List.of(new AnthropicUpstreamCodec(), new GeminiUpstreamCodec())) {
				for (int round = 0; round < 500; round++) {
					byte[] garbage = new byte[random.nextInt(600)];
					random.nextBytes(garbage);
					if (round % 2 == 0) {
						// SSE-looking garbage reaches the event logic instead of dying in framing
						garbage = ("data: " + new String(garbage, java.nio.charset.StandardCharsets.ISO_8859_1)
								+ "\n\nevent: message_start\ndata: {\"type\":\"message_start\"}\n\n")
							.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
					}
					assertEndsCleanly(decode(codec, randomSplit(garbage, random)));
				}
			}
		});
	}

	private static void assertEndsCleanly(List<StreamEvent> events) {
		assertThat(events).isNotEmpty();
		StreamEvent last = events.get(events.size() - 1);
		assertThat(last).isInstanceOfAny(StreamEvent.Error.class, StreamEvent.MessageStop.class);
		long terminals = events.stream()
			.filter(e -> e instanceof StreamEvent.Error || e instanceof StreamEvent.MessageStop)
			.count();
		assertThat(terminals).isEqualTo(1);
	}

	static List<StreamEvent> decode(UpstreamCodec codec, List<byte[]> reads) {
		StreamDecoder decoder = codec.newStreamDecoder(new ChatRequest());
		List<StreamEvent> events = new ArrayList<>();
		for (byte[] read : reads) {
			decoder.decode(ByteBuffer.wrap(read), events::add);
		}
		decoder.end(events::add);
		// generated tool-call ids differ per decode; everything else must be identical
		events.replaceAll(e -> e instanceof StreamEvent.ToolCallStart t && t.id() != null && t.id().startsWith("call_")
				? new StreamEvent.ToolCallStart(t.index(), "call_GENERATED", t.name()) : e);
		return events;
	}

	private static List<byte[]> randomSplit(byte[] bytes, Random random) {
		List<byte[]> parts = new ArrayList<>();
		int i = 0;
		while (i < bytes.length) {
			int n = 1 + random.nextInt(Math.min(64, bytes.length - i));
			parts.add(Arrays.copyOfRange(bytes, i, i + n));
			i += n;
		}
		return parts;
	}

	private static byte[] mutate(byte[] bytes, Random random) {
		byte[] copy = bytes.clone();
		int edits = 1 + random.nextInt(5);
		for (int e = 0; e < edits && copy.length > 0; e++) {
			int at = random.nextInt(copy.length);
			String structural = "{}\":\n\r,[]";
			switch (random.nextInt(3)) {
				case 0 -> copy[at] = (byte) random.nextInt(256);
				case 1 -> copy[at] = (byte) structural.charAt(random.nextInt(structural.length()));
				default -> copy = Arrays.copyOf(copy, at);
			}
		}
		return copy;
	}

	record Recorded(String name, UpstreamCodec codec, byte[] bytes) {
	}

	private static List<Recorded> recorded() throws IOException, URISyntaxException {
		Path root = Path.of(StreamSplitPropertyTests.class.getResource("/golden/stream").toURI());
		List<Recorded> out = new ArrayList<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path f : files.filter(p -> p.toString().endsWith(".in.sse")).sorted().toList()) {
				String direction = f.getParent().getFileName().toString();
				String upstream = direction.substring(direction.indexOf("-to-") + 4);
				UpstreamCodec codec = switch (upstream) {
					case "anthropic" -> new AnthropicUpstreamCodec();
					case "gemini" -> new GeminiUpstreamCodec();
					case "openai" -> io.llmgateway.translate.openai.OpenAiUpstreamCodec.OPENAI;
					default -> null;
				};
				if (codec != null) {
					out.add(new Recorded(direction + "/" + f.getFileName(), codec, Files.readAllBytes(f)));
				}
			}
		}
		return out;
	}
}
