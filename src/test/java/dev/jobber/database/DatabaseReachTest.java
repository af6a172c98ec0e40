package dev.jobber.database;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.jobber.gateway.GatewayServer;
import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** What a published job can do with Jobber's own database: reach its port, but never get in. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class DatabaseReachTest {

    /** Opens a PostgreSQL session as the superuser without a password and answers the server's first message. */
    private static final String PROBE = """
            const net = require('net');
            module.exports.handler = async (req, res) => {
              const answer = await new Promise((resolve) => {
                const socket = net.connect(Number(req.query('port')), '127.0.0.1');
                const params = Buffer.from('user\\0postgres\\0database\\0jobber\\0\\0');
                const head = Buffer.alloc(8);
                head.writeInt32BE(8 + params.length, 0);
                head.writeInt32BE(196608, 4);
                socket.on('connect', () => socket.write(Buffer.concat([head, params])));
                let got = Buffer.alloc(0);
                socket.on('data', (data) => {
                  got = Buffer.concat([got, data]);
                  if (got.length >= 9) {
                    socket.destroy();
                    resolve({ message: String.fromCharCode(got[0]), code: got.readInt32BE(5) });
                  }
                });
                socket.on('error', (e) => resolve({ error: e.code }));
              });
              res.json(answer);
            };
            """;

    @Inject
    GatewayServer gateway;

    @Test
    void aRunnerOnTheHostNetworkIsAskedForThePasswordItDoesNotHave() {
        String name = unique("db-probe");
        publish(job(name, "1.0.0").file("index.js", PROBE).zip()).statusCode(200);
        int port = URI.create(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class)
                .substring("jdbc:".length())).getPort();

        // 'R' with code 10 is SASL authentication (SCRAM): a trusting server would answer code 0 (logged in).
        given().get("http://127.0.0.1:" + gateway.port() + "/" + name + "?port=" + port)
                .then().statusCode(200).body("message", equalTo("R")).body("code", equalTo(10));
    }
}
