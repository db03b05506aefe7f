package com.creatorflow.shared.team;

import com.creatorflow.shared.error.ValidationFailed;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A team member's role in a creator's account; what each may do is {@code http.Permission}'s table. */
public enum Role {
    /** Everything, including the team and billing. */
    OWNER,
    /** Everything but the team and billing. */
    MANAGER,
    /** Sees orders, prints labels, marks parcels shipped. */
    PACKER,
    /** Reads only. */
    VIEWER;

    /** The role as tokens and the API spell it: {@code owner}, {@code manager}, ... */
    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A role from its spelling in a token or a request; anything else is a 400 naming the field. */
    public static Role parse(String field, String text) {
        for (Role role : values()) {
            if (role.claim().equals(text) || role.name().equals(text)) {
                return role;
            }
        }
        throw new ValidationFailed(field, field + " must be one of "
                + Arrays.stream(values()).map(Role::claim).collect(Collectors.joining(", ")));
    }
}
