package dev.odpe.engine.observability;

/** One query of one dashboard panel, with Grafana's variables replaced so Prometheus can run it. */
record PanelQuery(String panel, String refId, String expr, String promql) {

    /** How {@code ObservabilityIT.NOT_PRODUCED_YET} names it. */
    String key() {
        return panel + " / " + refId;
    }

    @Override
    public String toString() {
        return "panel '" + key() + "': " + promql;
    }
}
