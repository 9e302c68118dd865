package io.llmgateway.translate.mapping;

import java.util.List;

import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.ToolDefinition;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The start of a request body for providers with OpenAI-shaped chat messages and function tools (Cohere v2,
 * Ollama's {@code /api/chat}): the model, the system prompt as the first {@code system} message, and the tool
 * list. Each request writer adds its own messages and parameters.
 *
 * @param body the request body, with {@code model} and {@code messages}
 * @param messages the body's {@code messages}, holding the system message when the request has one
 */
public record ChatBody(ObjectNode body, ArrayNode messages) {

	/**
	 * A body for {@code request}: {@code model} (the deployment's, else the request's) and {@code messages}.
	 * @param provider the provider id errors name
	 * @param providerName the provider's name in error messages
	 * @throws io.llmgateway.translate.model.LlmException for {@code n > 1}: one choice per request only
	 */
	public static ChatBody start(ChatRequest request, EncodeOptions options, String provider, String providerName) {
		if (request.n() != null && request.n() > 1) {
			throw Errors.unsupported(provider, "n > 1 is not supported by " + providerName, "n");
		}
		ObjectNode body = Json.object();
		body.put("model", options.upstreamModel() != null ? options.upstreamModel() : request.model());
		ArrayNode messages = body.putArray("messages");
		String system = Message.joinedText(request.system());
		if (!system.isEmpty()) {
			messages.addObject().put("role", "system").put("content", system);
		}
		return new ChatBody(body, messages);
	}

	/**
	 * Adds {@code tools} as {@code {"type":"function","function":{...}}} entries (a tool without parameters gets an
	 * empty object schema). Neither provider can force one named tool: with a {@link ToolChoice.Mode#TOOL} choice
	 * only that tool is offered, the closest equivalent.
	 */
	public void addFunctionTools(List<ToolDefinition> tools, ToolChoice choice) {
		ArrayNode out = body.putArray("tools");
		for (ToolDefinition tool : tools) {
			if (choice != null && choice.mode() == ToolChoice.Mode.TOOL && !tool.name().equals(choice.toolName())) {
				continue;
			}
			ObjectNode fn = out.addObject().put("type", "function").putObject("function");
			fn.put("name", tool.name());
			if (tool.description() != null) {
				fn.put("description", tool.description());
			}
			if (tool.parameters() != null && !tool.parameters().isNull()) {
				fn.set("parameters", tool.parameters());
			}
			else {
				fn.putObject("parameters").put("type", "object").putObject("properties");
			}
		}
	}
}
