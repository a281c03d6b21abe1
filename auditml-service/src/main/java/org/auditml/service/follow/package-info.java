/**
 * {@code serve --follow}: growing raw audit logs tailed into the store. {@link org.auditml.service.follow.FileFollower}
 * polls each followed path ({@code FollowedLog}), whose lines become events as {@code analyze} makes them
 * ({@code TailAssembler}), stored with the position they reach (the file's identity, {@code Segment}, and offset) in
 * one transaction, through rotation, truncation and restarts.
 */
package org.auditml.service.follow;
