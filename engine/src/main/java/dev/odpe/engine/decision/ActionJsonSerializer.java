package dev.odpe.engine.decision;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odpe.rules.action.RemediationAction;
import java.io.IOException;

/** Writes an action as {@code {"type": "<record name>", ...its components}}. */
public class ActionJsonSerializer extends JsonSerializer<RemediationAction> {

    @Override
    public void serialize(RemediationAction action, JsonGenerator gen, SerializerProvider serializers)
            throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", action.type());
        var mapper = (ObjectMapper) gen.getCodec();
        ObjectNode fields = mapper.valueToTree(action);
        fields.remove("type");
        var names = fields.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            gen.writeFieldName(name);
            gen.writeTree(fields.get(name));
        }
        gen.writeEndObject();
    }
}
