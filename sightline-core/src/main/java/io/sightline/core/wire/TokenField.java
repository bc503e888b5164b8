package io.sightline.core.wire;

import static io.sightline.core.wire.FieldSpec.id;

/**
 * The body that creates an API token ({@code POST /api/v1/tokens}); the roles are the server's to name, and
 * the agent ids an agent token names ({@code agent_ids}) each have the limits of {@link SessionField#AGENT_ID}.
 */
public enum TokenField implements WireField {
    NAME(id().required());

    private final FieldSpec spec;

    TokenField(FieldSpec spec) {
        this.spec = WireField.named(this, spec);
    }

    @Override
    public FieldSpec spec() {
        return spec;
    }
}
