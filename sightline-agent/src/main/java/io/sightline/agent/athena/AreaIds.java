package io.sightline.agent.athena;

/**
 * Athena area ids are int32; EPU's grid square and foil hole ids are the integers in its file names
 * ({@code GridSquare_8986063}, {@code FoilHole_9015985_...}) and EPU registers its areas in Athena under
 * those same ids. So the derivation is the identity: the decimal EPU id, checked to fit a positive int32.
 * Anything else is refused, never hashed: a hashed id would name an area EPU does not know.
 */
public final class AreaIds {
    private AreaIds() {}

    /** The Athena area id of an EPU id given as text or number; the message names what is wrong. */
    public static int of(String kind, String epuId) {
        String text = epuId == null ? "" : epuId.trim();
        if (!text.matches("[0-9]{1,10}")) {
            throw new IllegalArgumentException(kind + " id '" + epuId + "' is not an EPU id (a positive integer)");
        }
        long value = Long.parseLong(text);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(kind + " id " + epuId + " does not fit an Athena area id (int32)");
        }
        return (int) value;
    }
}
