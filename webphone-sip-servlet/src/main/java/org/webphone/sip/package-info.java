/**
 * The WebPhone SIP application (JSR 289). Every initial request goes to the main servlet, which
 * hands each method to the feature that owns it.
 */
@SipApplication(name = "webphone", mainServlet = "webphone")
package org.webphone.sip;

import javax.servlet.sip.annotation.SipApplication;
