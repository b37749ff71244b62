/**
 * An integrator's call policy, as its own SIP application (JSR 289 §18.2.1). WebPhone's application
 * router puts it before WebPhone's own application for INVITEs when configured so: {@code
 * webphone.sip.application-router=INVITE: call-policy, webphone}.
 */
@SipApplication(name = "call-policy", mainServlet = "call-policy")
package com.example.callpolicy;

import javax.servlet.sip.annotation.SipApplication;
