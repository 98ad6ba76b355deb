package dev.odpe.engine.adapter.keda;

/** A ScaledObject as KEDA names it in a ScaledObjectRef. */
public record ScaledObjectId(String namespace, String name) {

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
