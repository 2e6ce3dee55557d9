import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local for `npm start`, listening on 127.0.0.1 only. The jar has no option for the address and its
 * Jetty listens on every interface, which would let anyone on the network read and write the local table.
 * This starts the same server from the same command-line arguments, and binds its connectors to loopback
 * before it starts. Run by Java's source launcher (`java -cp <jar> LoopbackDynamoDbLocal.java -port ...`);
 * local/dynamodb-local.ts falls back to the jar's own main when there is no compiler.
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector) ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1 only");
  }
}
