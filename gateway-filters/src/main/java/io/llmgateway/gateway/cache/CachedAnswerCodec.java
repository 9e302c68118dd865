package io.llmgateway.gateway.cache;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.Usage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored form of a {@link CachedAnswer}: a compact JSON document of our own (independent of how records or
 * the sealed {@link ContentPart} would serialize by default, so a model class change cannot silently corrupt
 * entries), optionally deflate-compressed. The first byte tells the form: {@code '{'} plain JSON, {@code 0x01}
 * deflate. Unknown versions and corrupt values read as null (a miss), never as an error.
 * <p>
 * Thread-safe.
 */
public final class CachedAnswerCodec {

	private static final int VERSION = 1;

	private static final byte DEFLATED = 1;

	private final JsonMapper mapper;

	public CachedAnswerCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** The plain JSON form. */
	public byte[] toJson(ChatResponse response, long storedAtMillis) {
		ObjectNode root = mapper.createObjectNode();
		root.put("v", VERSION);
		root.put("at", storedAtMillis);
		root.put("id", response.id());
		root.put("model", response.model());
		root.put("created", response.created());
		if (response.stopReason() != null) {
			root.put("stop", response.stopReason().name());
		}
		Usage u = response.usage();
		if (u != null) {
			root.putArray("usage")
				.add(u.inputTokens())
				.add(u.outputTokens())
				.add(u.cacheReadTokens())
				.add(u.cacheWriteTokens())
				.add(u.reasoningTokens());
		}
		writeParts(root.putArray("content"), response.content());
		return mapper.writeValueAsBytes(root);
	}

	/** The stored form of a JSON document: deflated when larger than {@code compressAbove} bytes and smaller so. */
	public byte[] pack(byte[] json, long compressAbove) {
		if (json.length <= compressAbove) {
			return json;
		}
		byte[] deflated = deflate(json);
		return deflated.length < json.length ? deflated : json;
	}

	/** Reads either stored form; null when the value is corrupt or of an unknown version. */
	public CachedAnswer decode(byte[] stored) {
		if (stored == null || stored.length == 0) {
			return null;
		}
		try {
			byte[] json = stored[0] == DEFLATED ? inflate(stored) : stored;
			JsonNode root = mapper.readTree(json);
			if (root == null || root.path("v").asInt() != VERSION) {
				return null;
			}
			JsonNode usage = root.get("usage");
			Usage u = usage == null || !usage.isArray() ? null
					: new Usage(usage.path(0).asLong(), usage.path(1).asLong(), usage.path(2).asLong(),
							usage.path(3).asLong(), usage.path(4).asLong());
			String stop = text(root, "stop");
			ChatResponse response = new ChatResponse(text(root, "id"), text(root, "model"),
					readParts(root.path("content")), stop == null ? null : StopReason.valueOf(stop), u,
					root.path("created").asLong());
			return new CachedAnswer(response, root.path("at").asLong(), json.length);
		}
		catch (RuntimeException | DataFormatException ex) {
			return null;
		}
	}

	private static void writeParts(ArrayNode array, List<ContentPart> parts) {
		for (ContentPart p : parts) {
			ObjectNode n = array.addObject();
			if (p instanceof ContentPart.Text t) {
				n.put("t", "text").put("text", t.text());
			}
			else if (p instanceof ContentPart.ToolCall c) {
				n.put("t", "tool_call").put("id", c.id()).put("name", c.name()).put("args", c.argumentsJson());
			}
			else if (p instanceof ContentPart.Thinking th) {
				n.put("t", "thinking").put("text", th.text()).put("sig", th.signature()).put("redacted", th.redacted());
			}
			else if (p instanceof ContentPart.Image i) {
				n.put("t", "image")
					.put("media_type", i.mediaType())
					.put("base64", i.base64())
					.put("url", i.url())
					.put("detail", i.detail());
			}
			else if (p instanceof ContentPart.Document d) {
				n.put("t", "document").put("media_type", d.mediaType()).put("base64", d.base64()).put("title", d.title());
			}
			else if (p instanceof ContentPart.ToolResult r) {
				n.put("t", "tool_result").put("id", r.toolCallId()).put("name", r.name()).put("error", r.isError());
				writeParts(n.putArray("content"), r.content() == null ? List.of() : r.content());
			}
		}
	}

	private static List<ContentPart> readParts(JsonNode array) {
		List<ContentPart> parts = new ArrayList<>(array.size());
		for (JsonNode n : array) {
			String type = text(n, "t");
			if (type == null) {
				throw new IllegalArgumentException("content part without a type");
			}
			parts.add(switch (type) {
				case "text" -> new ContentPart.Text(text(n, "text"));
				case "tool_call" -> new ContentPart.ToolCall(text(n, "id"), text(n, "name"), text(n, "args"));
				case "thinking" -> new ContentPart.Thinking(text(n, "text"), text(n, "sig"),
						n.path("redacted").asBoolean());
				case "image" -> new ContentPart.Image(text(n, "media_type"), text(n, "base64"), text(n, "url"),
						text(n, "detail"));
				case "document" -> new ContentPart.Document(text(n, "media_type"), text(n, "base64"), text(n, "title"));
				case "tool_result" -> new ContentPart.ToolResult(text(n, "id"), text(n, "name"),
						readParts(n.path("content")), n.path("error").asBoolean());
				default -> throw new IllegalArgumentException("unknown content part type " + type);
			});
		}
		return parts;
	}

	private static String text(JsonNode node, String name) {
		JsonNode v = node.get(name);
		return v == null || v.isNull() ? null : v.asString();
	}

	private static byte[] deflate(byte[] json) {
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		try {
			deflater.setInput(json);
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 3 + 16);
			out.write(DEFLATED);
			byte[] buf = new byte[8192];
			while (!deflater.finished()) {
				int n = deflater.deflate(buf);
				out.write(buf, 0, n);
			}
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

	private static byte[] inflate(byte[] stored) throws DataFormatException {
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(stored, 1, stored.length - 1);
			ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
			byte[] buf = new byte[8192];
			while (!inflater.finished()) {
				int n = inflater.inflate(buf);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new DataFormatException("truncated deflate stream");
				}
				out.write(buf, 0, n);
			}
			return out.toByteArray();
		}
		finally {
			inflater.end();
		}
	}
}
