package io.llmgateway.translate.openai;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical events → OpenAI {@code chat.completion.chunk} SSE frames, ending with {@code data: [DONE]}. The usage
 * chunk ({@code choices: []}) is written only when the client asked for it with {@code stream_options.include_usage}.
 * An error becomes {@code data: {"error":{...}}} and ends the stream.
 */
public final class OpenAiStreamEncoder implements StreamEncoder {

	static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

	private final String clientModel;

	private final boolean includeUsage;

	private String id = ToolCallIds.generate("chatcmpl-");

	private final long created = System.currentTimeMillis() / 1000;

	/** Whether the role chunk was written. */
	private boolean started;

	/** Canonical block index → position in the OpenAI tool_calls array. */
	private final Map<Integer, Integer> toolIndexes = new HashMap<>();

	private Usage usage;

	private boolean ended;

	public OpenAiStreamEncoder(String clientModel, boolean includeUsage) {
		this.clientModel = clientModel;
		this.includeUsage = includeUsage;
	}

	@Override
	public byte[] encode(StreamEvent event) {
		if (ended) {
			return null;
		}
		if (event instanceof StreamEvent.MessageStart s) {
			if (s.id() != null) {
				id = s.id();
			}
			started = true;
			return roleFrame();
		}
		byte[] frame = encodeBody(event);
		if (!started && frame != null && !(event instanceof StreamEvent.Error)) {
			// A stream must begin with the assistant role; synthesize it when no MessageStart came first.
			started = true;
			byte[] role = roleFrame();
			byte[] both = new byte[role.length + frame.length];
			System.arraycopy(role, 0, both, 0, role.length);
			System.arraycopy(frame, 0, both, role.length, frame.length);
			return both;
		}
		return frame;
	}

	private byte[] roleFrame() {
		ObjectNode delta = Json.NODES.objectNode();
		delta.put("role", "assistant");
		delta.put("content", "");
		return frame(chunk(delta, null));
	}

	private byte[] encodeBody(StreamEvent event) {
		if (event instanceof StreamEvent.TextDelta t) {
			ObjectNode delta = Json.NODES.objectNode();
			delta.put("content", t.text());
			return frame(chunk(delta, null));
		}
		if (event instanceof StreamEvent.ThinkingDelta t) {
			if (t.text() == null || t.text().isEmpty()) {
				return null;
			}
			ObjectNode delta = Json.NODES.objectNode();
			delta.put("reasoning_content", t.text());
			return frame(chunk(delta, null));
		}
		if (event instanceof StreamEvent.ToolCallStart t) {
			int position = toolIndexes.size();
			toolIndexes.put(t.index(), position);
			ObjectNode delta = Json.NODES.objectNode();
			ObjectNode call = delta.putArray("tool_calls").addObject();
			call.put("index", position);
			call.put("id", t.id());
			call.put("type", "function");
			ObjectNode fn = call.putObject("function");
			fn.put("name", t.name());
			fn.put("arguments", "");
			return frame(chunk(delta, null));
		}
		if (event instanceof StreamEvent.ToolCallDelta t) {
			ObjectNode delta = Json.NODES.objectNode();
			ObjectNode call = delta.putArray("tool_calls").addObject();
			call.put("index", toolIndexes.getOrDefault(t.index(), 0));
			call.putObject("function").put("arguments", t.argumentsFragment());
			return frame(chunk(delta, null));
		}
		if (event instanceof StreamEvent.MessageDelta d) {
			if (d.usage() != null) {
				usage = d.usage();
			}
			return frame(chunk(Json.NODES.objectNode(), OpenAiJson.finishReason(d.stopReason())));
		}
		if (event instanceof StreamEvent.MessageStop) {
			ended = true;
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			if (includeUsage && usage != null) {
				ObjectNode last = base();
				last.putArray("choices");
				last.set("usage", OpenAiJson.usageNode(usage));
				out.writeBytes(frame(last));
			}
			out.writeBytes(DONE);
			return out.toByteArray();
		}
		if (event instanceof StreamEvent.Error e) {
			ended = true;
			return frame(OpenAiJson.errorNode(e.error()));
		}
		// TextStart, ThinkingStart and BlockStop have no frame of their own in OpenAI's stream
		return null;
	}

	private ObjectNode base() {
		ObjectNode node = Json.NODES.objectNode();
		node.put("id", id);
		node.put("object", "chat.completion.chunk");
		node.put("created", created);
		node.put("model", clientModel);
		return node;
	}

	private ObjectNode chunk(ObjectNode delta, String finishReason) {
		ObjectNode node = base();
		ArrayNode choices = node.putArray("choices");
		ObjectNode choice = choices.addObject();
		choice.put("index", 0);
		choice.set("delta", delta);
		choice.putNull("logprobs");
		choice.put("finish_reason", finishReason);
		return node;
	}

	static byte[] frame(ObjectNode node) {
		byte[] json = Json.MAPPER.writeValueAsBytes(node);
		byte[] out = new byte[json.length + 8];
		out[0] = 'd';
		out[1] = 'a';
		out[2] = 't';
		out[3] = 'a';
		out[4] = ':';
		out[5] = ' ';
		System.arraycopy(json, 0, out, 6, json.length);
		out[out.length - 2] = '\n';
		out[out.length - 1] = '\n';
		return out;
	}
}
