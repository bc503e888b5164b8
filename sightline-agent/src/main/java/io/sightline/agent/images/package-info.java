/**
 * The images EPU writes beside its manifests (atlas and tiles, grid squares, foil holes, micrographs and
 * their movies) registered as data objects (docs/data-objects.md): the agent reads each header for shape
 * and dtype and sends metadata only, through the same durable outbox as the entities, with lineage
 * micrograph → foil hole → grid square → atlas. The pixels stay where EPU wrote them; the server reads them
 * by uid.
 */
package io.sightline.agent.images;
