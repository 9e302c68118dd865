package io.llmgateway.translate.model;

/**
 * How the model may use tools. {@code toolName} is set only for {@link Mode#TOOL}.
 */
public record ToolChoice(Mode mode, String toolName) {

	public enum Mode {
		AUTO, REQUIRED, NONE, TOOL
	}

	public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
}
