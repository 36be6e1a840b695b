import { oracle } from '../../../../bakery/commands.js'

export default oracle.Enable
