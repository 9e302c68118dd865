package io.llmgateway.translate.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Golden tests per direction and feature. Fixtures live in {@code golden/<kind>/<client>-to-<upstream>/<case>}:
 * <ul>
 * <li>{@code request}: {@code <case>.json} = {@code {"options":{...}?, "in": client request, "out": provider
 * request}} or {@code "error": {"status":..,"param":..}} when the translation must be refused; optionally
 * {@code "dropped": [..]} (exactly what the encoder reported as dropped) and {@code "endUser"} (the canonical end
 * user);</li>
 * <li>{@code response}: {@code {"in": provider response, "out": client response}};</li>
 * <li>{@code stream}: {@code <case>.in.sse} (a recorded provider stream) and {@code <case>.out.sse} (what the
 * client must receive);</li>
 * <li>{@code error}: {@code {"status": provider status, "in": provider body, "clientStatus": .., "out": client
 * body}}.</li>
 * </ul>
 * Generated ids ({@code call_}/{@code toolu_} + 24 random characters) and timestamps are normalised before comparing.
 */
class GoldenTests {

	private static final Pattern GENERATED_ID = Pattern.compile("(call|toolu)_[A-Za-z0-9]{24}(_ts_[A-Za-z0-9_-]+)?");

	@TestFactory
	Stream<DynamicTest> requests() {
		return cases("request", ".json").map(c -> DynamicTest.dynamicTest(c.name(), () -> {
			JsonNode fixture = Json.MAPPER.readTree(Files.readAllBytes(c.path()));
			ClientCodec client = Codecs.client(c.client());
			UpstreamCodec upstream = Codecs.upstream(c.upstream());
			JsonNode opts = fixture.path("options");
			EncodeOptions options = new EncodeOptions(opts.path("model").asString("upstream-model"),
					opts.path("dropParams").asBoolean(false), true, opts.path("defaultMaxTokens").asInt(4096));
			byte[] in = Json.write(fixture.get("in"));
			if (fixture.has("error")) {
				assertThatThrownBy(() -> upstream.encodeRequest(client.decodeRequest(in), options))
					.isInstanceOfSatisfying(LlmException.class, ex -> {
						assertThat(ex.error().status()).isEqualTo(fixture.path("error").path("status").asInt());
						if (fixture.path("error").has("param")) {
							assertThat(ex.error().param()).isEqualTo(fixture.path("error").path("param").asString());
						}
					});
				return;
			}
			ChatRequest request = client.decodeRequest(in);
			JsonNode actual = Json.MAPPER.readTree(upstream.encodeRequest(request, options));
			update(c, fixture, actual);
			assertJson(actual, fixture.get("out"));
			if (fixture.has("dropped")) {
				List<String> dropped = new ArrayList<>();
				fixture.get("dropped").forEach(d -> dropped.add(d.asString()));
				assertThat(request.droppedParams()).containsExactlyInAnyOrderElementsOf(dropped);
			}
			if (fixture.has("endUser")) {
				assertThat(request.user()).isEqualTo(fixture.get("endUser").asString());
			}
		}));
	}

	@TestFactory
	Stream<DynamicTest> responses() {
		return cases("response", ".json").map(c -> DynamicTest.dynamicTest(c.name(), () -> {
			JsonNode fixture = Json.MAPPER.readTree(Files.readAllBytes(c.path()));
			ClientCodec client = Codecs.client(c.client());
			UpstreamCodec upstream = Codecs.upstream(c.upstream());
			ChatRequest request = fixture.has("request") ? client.decodeRequest(Json.write(fixture.get("request")))
					: new ChatRequest();
			ChatResponse response = upstream.decodeResponse(Json.write(fixture.get("in")), request);
			JsonNode actual = Json.MAPPER.readTree(client.encodeResponse(response, "client-model", request));
			update(c, fixture, actual);
			assertJson(actual, fixture.get("out"));
		}));
	}

	@TestFactory
	Stream<DynamicTest> errors() {
		return cases("error", ".json").map(c -> DynamicTest.dynamicTest(c.name(), () -> {
			JsonNode fixture = Json.MAPPER.readTree(Files.readAllBytes(c.path()));
			ClientCodec client = Codecs.client(c.client());
			UpstreamCodec upstream = Codecs.upstream(c.upstream());
			LlmError error = upstream.decodeError(fixture.path("status").asInt(), Json.write(fixture.get("in")));
			assertThat(client.httpStatus(error)).isEqualTo(fixture.path("clientStatus").asInt());
			assertJson(Json.MAPPER.readTree(client.encodeError(error)), fixture.get("out"));
		}));
	}

	@TestFactory
	Stream<DynamicTest> streams() {
		return cases("stream", ".in.sse").map(c -> DynamicTest.dynamicTest(c.name(), () -> {
			String in = Files.readString(c.path());
			Path outPath = c.path().resolveSibling(c.path().getFileName().toString().replace(".in.sse", ".out.sse"));
			Path requestPath = c.path().resolveSibling(c.path().getFileName().toString().replace(".in.sse",
					".request.json"));
			ChatRequest request = Files.exists(requestPath)
					? Codecs.client(c.client()).decodeRequest(Files.readAllBytes(requestPath)) : new ChatRequest();
			String actual = transcode(Codecs.upstream(c.upstream()), Codecs.client(c.client()), in, true, request);
			String update = System.getProperty("golden.update");
			if (update != null) {
				// regenerating a fixture: written to the source tree, to be reviewed against /shared/protocols
				Files.writeString(Path.of(update).resolve("stream").resolve(c.path().getParent().getFileName())
					.resolve(outPath.getFileName()), normalize(actual) + "\n");
			}
			String expected = Files.readString(outPath);
			assertThat(normalize(actual)).isEqualTo(normalize(expected));
		}));
	}

	/** Runs a recorded provider stream through decoder and encoder, fed in one read. */
	static String transcode(UpstreamCodec upstream, ClientCodec client, String in, boolean includeUsage) {
		return transcode(upstream, client, in, includeUsage, new ChatRequest());
	}

	static String transcode(UpstreamCodec upstream, ClientCodec client, String in, boolean includeUsage,
			ChatRequest request) {
		StreamDecoder decoder = upstream.newStreamDecoder(request);
		StreamEncoder encoder = client.newStreamEncoder("client-model", includeUsage, request);
		StringBuilder out = new StringBuilder();
		decoder.decode(ByteBuffer.wrap(in.getBytes(StandardCharsets.UTF_8)), e -> append(out, encoder.encode(e)));
		decoder.end(e -> append(out, encoder.encode(e)));
		return out.toString();
	}

	private static void append(StringBuilder out, byte[] bytes) {
		if (bytes != null) {
			out.append(new String(bytes, StandardCharsets.UTF_8));
		}
	}

	static String normalize(String sse) {
		String s = GENERATED_ID.matcher(sse.replace("\r\n", "\n")).replaceAll("$1_GENERATED");
		return s.replaceAll("\"created\":\\d+", "\"created\":0").replaceAll("\"created_at\":\\d+", "\"created_at\":0")
			.strip();
	}

	/** With {@code -Dgolden.update=<src/test/resources/golden>}, writes the actual output into a fixture to review. */
	private static void update(Case c, JsonNode fixture, JsonNode actual) throws IOException {
		String update = System.getProperty("golden.update");
		if (update != null && fixture.path("out").isNull()) {
			((tools.jackson.databind.node.ObjectNode) fixture).set("out", Json.MAPPER.readTree(normalize(
					Json.writeString(actual))));
			Files.writeString(Path.of(update).resolve(c.name()), Json.MAPPER.writerWithDefaultPrettyPrinter()
				.writeValueAsString(fixture) + "\n");
		}
	}

	private static void assertJson(JsonNode actual, JsonNode expected) {
		JsonNode a = Json.MAPPER.readTree(normalize(Json.writeString(actual)));
		JsonNode e = Json.MAPPER.readTree(normalize(Json.writeString(expected)));
		if (!a.equals(e)) {
			fail("JSON differs.%nexpected: %s%nactual:   %s", Json.writeString(e), Json.writeString(a));
		}
	}

	record Case(String name, Path path, String client, String upstream) {
	}

	private static Stream<Case> cases(String kind, String suffix) {
		URL root = GoldenTests.class.getResource("/golden/" + kind);
		if (root == null) {
			return Stream.empty();
		}
		List<Case> cases = new ArrayList<>();
		try (Stream<Path> dirs = Files.list(Path.of(root.toURI()))) {
			for (Path dir : dirs.sorted().toList()) {
				String[] direction = dir.getFileName().toString().split("-to-");
				try (Stream<Path> files = Files.list(dir)) {
					for (Path f : files.sorted().toList()) {
						if (f.getFileName().toString().endsWith(suffix)) {
							cases.add(new Case(kind + "/" + dir.getFileName() + "/" + f.getFileName(), f, direction[0],
									direction[1]));
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
		return cases.stream();
	}

}
