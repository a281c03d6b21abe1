/**
 * Normalisation to ECS: the records of one event become the fields Auditbeat writes
 * ({@link org.auditml.read.ecs.EventNormalizer}, driven by go-libaudit's normalisation table), and events are
 * written back in Auditbeat's nested JSON shape ({@link org.auditml.read.ecs.EcsJsonWriter}).
 */
package org.auditml.read.ecs;
