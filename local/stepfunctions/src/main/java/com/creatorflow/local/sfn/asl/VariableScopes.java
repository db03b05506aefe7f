package com.creatorflow.local.sfn.asl;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks the scoping rules of workflow variables once a definition is parsed: the states of a Parallel branch or an
 * inline Map iteration read the variables of the scopes around them but cannot assign them (an inner {@code Assign}
 * of an outer variable's name is refused). A distributed Map's iterations start with no variables, so they may
 * reuse names.
 */
final class VariableScopes {
    private final Map<String, StateQuery> queries;
    private final StateFields.Problems problems;

    VariableScopes(Map<String, StateQuery> queries, StateFields.Problems problems) {
        this.queries = queries;
        this.problems = problems;
    }

    /** Checks a branch and everything inside it. */
    void check(State.Branch root, String at) {
        check(root, Set.of(), at);
    }

    private void check(State.Branch branch, Set<String> outer, String at) {
        Set<String> own = new HashSet<>();
        for (State state : branch.states().values()) {
            for (String variable : assigned(state.name())) {
                if (outer.contains(variable)) {
                    problems.report("SCHEMA_VALIDATION_FAILED", "The state '" + state.name() + "' assigns the "
                            + "variable '" + variable + "' of an outer scope; states in a Parallel branch or Map "
                            + "iteration can read outer variables but not assign them", at + "/States/"
                            + state.name() + "/Assign");
                }
                own.add(variable);
            }
        }
        Set<String> visible = new HashSet<>(outer);
        visible.addAll(own);
        for (State state : branch.states().values()) {
            String location = at + "/States/" + state.name();
            if (state instanceof State.Parallel parallel) {
                for (int i = 0; i < parallel.branches().size(); i++) {
                    check(parallel.branches().get(i), visible, location + "/Branches[" + i + "]");
                }
            } else if (state instanceof State.Map map && map.processor() != null) {
                check(map.processor(), map.distributed() != null ? Set.of() : visible, location + "/ItemProcessor");
            }
        }
    }

    private Set<String> assigned(String stateName) {
        StateQuery query = queries.get(stateName);
        if (query == null) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        if (query.assign() != null) {
            names.addAll(query.assign().names());
        }
        query.rules().forEach(rule -> {
            if (rule.assign() != null) {
                names.addAll(rule.assign().names());
            }
        });
        query.catchers().forEach(handler -> {
            if (handler.assign() != null) {
                names.addAll(handler.assign().names());
            }
        });
        return names;
    }
}
