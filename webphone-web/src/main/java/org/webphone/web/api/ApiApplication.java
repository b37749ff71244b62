package org.webphone.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The phone's REST API under {@code /api}. Authentication: {@code POST /api/token} (HTTP digest
 * with the SIP account's credentials) issues a bearer token for the rest.
 */
@ApplicationPath("/api")
public class ApiApplication extends Application {}
