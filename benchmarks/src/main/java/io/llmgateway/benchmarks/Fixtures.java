package io.llmgateway.benchmarks;

import java.nio.charset.StandardCharsets;

/** Typical payloads: a ~2 KB multi-turn chat request with a tool, a tool-calling answer, one stream event. */
final class Fixtures {

	private static final String SYSTEM = "You are a concise assistant for a travel agency. Answer in the language of "
			+ "the question, cite prices in the local currency, prefer public transport, and never invent opening "
			+ "hours: call the tools when you need facts. Keep answers under 120 words unless asked for detail.";

	private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\","
			+ "\"description\":\"City name, e.g. Oslo\"},\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\","
			+ "\"fahrenheit\"]}},\"required\":[\"city\"]}";

	static final byte[] ANTHROPIC_REQUEST = ("{\"model\":\"claude-sonnet\",\"max_tokens\":1024,\"system\":\"" + SYSTEM
			+ "\",\"temperature\":0.7,\"tools\":[{\"name\":\"get_weather\",\"description\":\"Current weather for a city\","
			+ "\"input_schema\":" + SCHEMA + "}],\"messages\":["
			+ "{\"role\":\"user\",\"content\":\"I am planning a weekend in Oslo in March. What should I pack, and how do I "
			+ "get from the airport to the city centre cheaply? Also, is the Munch museum open on Mondays?\"},"
			+ "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me check the current weather first.\"},"
			+ "{\"type\":\"tool_use\",\"id\":\"toolu_01A09q90qw90lq917835lq9\",\"name\":\"get_weather\","
			+ "\"input\":{\"city\":\"Oslo\",\"unit\":\"celsius\"}}]},"
			+ "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01A09q90qw90lq917835lq9\","
			+ "\"content\":\"{\\\"temp_c\\\":-2,\\\"conditions\\\":\\\"light snow\\\",\\\"wind_kmh\\\":14}\"},"
			+ "{\"type\":\"text\",\"text\":\"Thanks. And what about restaurants near the opera house that are not too "
			+ "expensive? We are two adults and a child, vegetarian options would be great.\"}]},"
			+ "{\"role\":\"assistant\",\"content\":\"Pack warm layers, waterproof boots and gloves: it is around -2 C with "
			+ "light snow. The Flytoget express train is fastest but the regional NSB/Vy trains are cheaper and take "
			+ "about 23 minutes to Oslo S. For food near the opera, try the Vippa food hall or Mathallen.\"},"
			+ "{\"role\":\"user\",\"content\":\"Great, and is there anything special happening that weekend? We like "
			+ "concerts and museums, and the child loves boats. Please keep it short.\"}]}")
		.getBytes(StandardCharsets.UTF_8);

	static final byte[] OPENAI_REQUEST = ("{\"model\":\"gpt-4o\",\"max_tokens\":1024,\"temperature\":0.7,\"messages\":["
			+ "{\"role\":\"system\",\"content\":\"" + SYSTEM + "\"},"
			+ "{\"role\":\"user\",\"content\":\"I am planning a weekend in Oslo in March. What should I pack, and how do I "
			+ "get from the airport to the city centre cheaply? Also, is the Munch museum open on Mondays?\"},"
			+ "{\"role\":\"assistant\",\"content\":\"Let me check the current weather first.\",\"tool_calls\":[{\"id\":"
			+ "\"call_Ab12Cd34Ef56Gh78\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
			+ "\"{\\\"city\\\":\\\"Oslo\\\",\\\"unit\\\":\\\"celsius\\\"}\"}}]},"
			+ "{\"role\":\"tool\",\"tool_call_id\":\"call_Ab12Cd34Ef56Gh78\",\"content\":"
			+ "\"{\\\"temp_c\\\":-2,\\\"conditions\\\":\\\"light snow\\\",\\\"wind_kmh\\\":14}\"},"
			+ "{\"role\":\"user\",\"content\":\"Thanks. And what about restaurants near the opera house that are not too "
			+ "expensive? We are two adults and a child, vegetarian options would be great.\"},"
			+ "{\"role\":\"assistant\",\"content\":\"Pack warm layers, waterproof boots and gloves: it is around -2 C with "
			+ "light snow. The Flytoget express train is fastest but the regional NSB/Vy trains are cheaper and take "
			+ "about 23 minutes to Oslo S. For food near the opera, try the Vippa food hall or Mathallen.\"},"
			+ "{\"role\":\"user\",\"content\":\"Great, and is there anything special happening that weekend? We like "
			+ "concerts and museums, and the child loves boats. Please keep it short.\"}],"
			+ "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":"
			+ "\"Current weather for a city\",\"parameters\":" + SCHEMA + "}}]}")
		.getBytes(StandardCharsets.UTF_8);

	/** The same conversation as a Responses request, with Codex's usual extras (reasoning, include, store). */
	static final byte[] RESPONSES_REQUEST = ("{\"model\":\"gpt-5\",\"instructions\":\"" + SYSTEM + "\","
			+ "\"max_output_tokens\":1024,\"temperature\":0.7,\"store\":false,\"stream\":true,"
			+ "\"include\":[\"reasoning.encrypted_content\"],\"reasoning\":{\"effort\":\"medium\",\"summary\":\"auto\"},"
			+ "\"prompt_cache_key\":\"0199a-session\",\"input\":["
			+ "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"I am planning a "
			+ "weekend in Oslo in March. What should I pack, and how do I get from the airport to the city centre cheaply? "
			+ "Also, is the Munch museum open on Mondays?\"}]},"
			+ "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":"
			+ "\"Let me check the current weather first.\"}]},"
			+ "{\"type\":\"function_call\",\"call_id\":\"call_Ab12Cd34Ef56Gh78\",\"name\":\"get_weather\",\"arguments\":"
			+ "\"{\\\"city\\\":\\\"Oslo\\\",\\\"unit\\\":\\\"celsius\\\"}\"},"
			+ "{\"type\":\"function_call_output\",\"call_id\":\"call_Ab12Cd34Ef56Gh78\",\"output\":"
			+ "\"{\\\"temp_c\\\":-2,\\\"conditions\\\":\\\"light snow\\\",\\\"wind_kmh\\\":14}\"},"
			+ "{\"role\":\"user\",\"content\":\"Thanks. And what about restaurants near the opera house that are not too "
			+ "expensive? We are two adults and a child, vegetarian options would be great.\"},"
			+ "{\"role\":\"assistant\",\"content\":\"Pack warm layers, waterproof boots and gloves: it is around -2 C with "
			+ "light snow. The Flytoget express train is fastest but the regional NSB/Vy trains are cheaper and take "
			+ "about 23 minutes to Oslo S. For food near the opera, try the Vippa food hall or Mathallen.\"},"
			+ "{\"role\":\"user\",\"content\":\"Great, and is there anything special happening that weekend? We like "
			+ "concerts and museums, and the child loves boats. Please keep it short.\"}],"
			+ "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Current weather for a city\","
			+ "\"strict\":false,\"parameters\":" + SCHEMA + "}],\"tool_choice\":\"auto\",\"parallel_tool_calls\":true}")
		.getBytes(StandardCharsets.UTF_8);

	/** A Responses stream brought to "message item open", and one text delta event. */
	static final byte[] RESPONSES_STREAM_START = ("event: response.created\ndata: {\"type\":\"response.created\","
			+ "\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1760000000,"
			+ "\"status\":\"in_progress\",\"model\":\"gpt-5\",\"output\":[],\"usage\":null}}\n\n"
			+ "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":1,"
			+ "\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\","
			+ "\"role\":\"assistant\",\"content\":[]}}\n\n").getBytes(StandardCharsets.UTF_8);

	static final byte[] RESPONSES_STREAM_EVENT = ("event: response.output_text.delta\ndata: {\"type\":"
			+ "\"response.output_text.delta\",\"sequence_number\":2,\"item_id\":\"msg_1\",\"output_index\":0,"
			+ "\"content_index\":0,\"delta\":\" museums on Bygdoy\",\"logprobs\":[]}\n\n").getBytes(StandardCharsets.UTF_8);

	static final byte[] ANTHROPIC_RESPONSE = ("{\"id\":\"msg_01XyZ\",\"type\":\"message\",\"role\":\"assistant\","
			+ "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"The Oslo Jazz Festival "
			+ "warm-up concerts run that weekend, the Fram and Kon-Tiki museums on Bygdoy are great for a child who loves "
			+ "boats, and the ferry there is part of the public transport ticket.\"},{\"type\":\"tool_use\",\"id\":"
			+ "\"toolu_01A\",\"name\":\"get_weather\",\"input\":{\"city\":\"Oslo\"}}],\"stop_reason\":\"tool_use\","
			+ "\"stop_sequence\":null,\"usage\":{\"input_tokens\":21,\"output_tokens\":35,\"cache_creation_input_tokens\":100,"
			+ "\"cache_read_input_tokens\":1800}}").getBytes(StandardCharsets.UTF_8);

	static final byte[] GEMINI_RESPONSE = ("{\"candidates\":[{\"index\":0,\"content\":{\"role\":\"model\",\"parts\":["
			+ "{\"text\":\"The Oslo Jazz Festival warm-up concerts run that weekend, the Fram and Kon-Tiki museums on "
			+ "Bygdoy are great for a child who loves boats, and the ferry there is part of the public transport "
			+ "ticket.\"},{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}}]},"
			+ "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":120,\"candidatesTokenCount\":18,"
			+ "\"totalTokenCount\":190,\"cachedContentTokenCount\":64,\"thoughtsTokenCount\":52},"
			+ "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"mZ1xaPe0Iq2Z\"}").getBytes(StandardCharsets.UTF_8);

	static final byte[] OPENAI_RESPONSE = ("{\"id\":\"chatcmpl-7xQ2\",\"object\":\"chat.completion\",\"created\":1760000000,"
			+ "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
			+ "\"The Oslo Jazz Festival warm-up concerts run that weekend, the Fram and Kon-Tiki museums on Bygdoy are "
			+ "great for a child who loves boats, and the ferry there is part of the public transport ticket.\","
			+ "\"refusal\":null,\"tool_calls\":[{\"id\":\"call_Ab12\",\"type\":\"function\",\"function\":{\"name\":"
			+ "\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},\"logprobs\":null,\"finish_reason\":"
			+ "\"tool_calls\"}],\"usage\":{\"prompt_tokens\":1921,\"completion_tokens\":35,\"total_tokens\":1956,"
			+ "\"prompt_tokens_details\":{\"cached_tokens\":1800}}}").getBytes(StandardCharsets.UTF_8);

	/** Stream prologues that bring a decoder into the "text block open" state, and one repeatable text event. */
	static final byte[] ANTHROPIC_STREAM_START = ("event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
			+ "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":[],"
			+ "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":21,\"output_tokens\":1}}}\n\n"
			+ "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
			+ "{\"type\":\"text\",\"text\":\"\"}}\n\n").getBytes(StandardCharsets.UTF_8);

	static final byte[] ANTHROPIC_STREAM_EVENT = ("event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
			+ "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" museums on Bygdoy\"}}\n\n")
		.getBytes(StandardCharsets.UTF_8);

	static final byte[] GEMINI_STREAM_EVENT = ("data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
			+ "\" museums on Bygdoy\"}]},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":2,"
			+ "\"totalTokenCount\":14},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"k2Zx\"}\r\n\r\n")
		.getBytes(StandardCharsets.UTF_8);

	static final byte[] OPENAI_STREAM_START = ("data: {\"id\":\"chatcmpl-7xQ3\",\"object\":\"chat.completion.chunk\","
			+ "\"created\":1760000001,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
			+ "\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8);

	static final byte[] OPENAI_STREAM_EVENT = ("data: {\"id\":\"chatcmpl-7xQ3\",\"object\":\"chat.completion.chunk\","
			+ "\"created\":1760000001,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
			+ "\" museums on Bygdoy\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8);

	private Fixtures() {
	}
}
