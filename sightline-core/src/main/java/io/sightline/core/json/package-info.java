/** The JSON mapping of the model shared by the CLI's {@code --json} output and the server. */
package io.sightline.core.json;
